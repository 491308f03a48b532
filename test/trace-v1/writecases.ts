// Development helper: writes every case of cases.ts to DIR/NN.trace and
// DIR/list.txt (to run Go's reader on them). usage: node writecases.js DIR
import { writeFileSync, mkdirSync } from 'node:fs';
import { CASES } from './cases';

if (require.main === module && process.argv.length > 2) {
  const dir = process.argv[2]!;
  mkdirSync(dir, { recursive: true });
  const list: string[] = [];
  CASES.forEach((c, i) => {
    const f = `${dir}/${String(i).padStart(3, '0')}.trace`;
    writeFileSync(f, c.data());
    list.push(f);
  });
  writeFileSync(`${dir}/list.txt`, list.join('\n') + '\n');
}
