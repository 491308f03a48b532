// Interned strings: every string of the index (reasons, function and file
// names, region/task/log text, range names) is stored once and referred to by
// an int32 id. Id 0 is always "".

export class StringInterner {
  readonly list: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);

  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  get bytes(): number {
    let n = 0;
    for (const s of this.list) n += 2 * s.length + 40;
    return n;
  }
}
