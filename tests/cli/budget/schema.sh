# The JSON report validates against its documented schema
# (manifest/budget.schema.json), on the first build and with a delta; a
# report missing a field does not.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/budget/helpers.bash"
[ -d "$NODE_PATH/ajv" ] || skip "needs ajv in tests/node_modules"
copy_fixture demo
cp -a "$FIXTURES/budget-ok/dist/assets/." dist/assets/
cat >validate.js <<'JS'
const Ajv = require('ajv');
const fs = require('fs');
const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
const report = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
if (process.argv[4] === 'break') delete report.budgets;
if (!validate(report)) {
	console.error(ajv.errorsText(validate.errors, { separator: '\n' }));
	process.exit(1);
}
JS
check() {
	node validate.js "$ROOT/manifest/budget.schema.json" "$1" ||
		fail "'$1' does not validate against the schema"
}

run_distill budget dist --report json
expect_status 0
cp out.txt first.json
assert_eq null "$(json first.json 'r.delta')" "delta on the first report"
check first.json
node validate.js "$ROOT/manifest/budget.schema.json" first.json break 2>/dev/null &&
	fail "a report without budgets validated"

echo 'console.log("grown");' >>dist/assets/app-Ab12Cd34.js
echo '[{"path": "/*", "resourceSizes": [{"resourceType": "total", "budget": 1}, {"resourceType": "font", "budget": 9}]}]' >budget.json
run_distill budget dist --report json
expect_status 3
cp out.txt second.json
assert_eq 22 "$(json second.json 'r.delta.js_raw')" "delta"
assert_eq budget.json "$(json second.json "r.budgets.find((b) => b.resource === 'total').source")" "source"
check second.json
exit 0
