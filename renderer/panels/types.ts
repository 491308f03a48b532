// The client the panels talk to: the transport's RendererClient (AppClient +
// openFile(file)).

export type { RendererClient } from '../transport';
