// The analysis views' part of the app API (profiles and flame graphs, MMU,
// tasks and regions, goroutine analysis): request and response types.

export type * from './common';
export type * from './profile';
export type * from './mmu';
export type * from './tasks';
export type * from './goroutines';
