export interface Fault {
  path: string;
  status: 500 | "timeout";
  count: number;
}

/** Injected failures for the next N API requests under a path prefix. */
export class Faults {
  private list: Fault[] = [];

  add(fault: Fault): void {
    this.list.push(fault);
  }

  clear(): void {
    this.list = [];
  }

  /** Consumes and returns the fault that applies to this path, if any. */
  take(path: string): Fault | undefined {
    const f = this.list.find((x) => x.count > 0 && path.startsWith(x.path));
    if (!f) return undefined;
    f.count--;
    this.list = this.list.filter((x) => x.count > 0);
    return f;
  }

  pending(): Fault[] {
    return this.list.map((f) => ({ ...f }));
  }
}
