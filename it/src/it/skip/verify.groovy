// skip: one "skipped" line and no output at all.
def lines = new File(basedir, 'build.log').readLines()
def capacityLines = lines.findAll { it.contains('capacity:') && !it.contains('--- capacity:') }
assert capacityLines == ['[INFO] capacity: skipped (capacity.skip=true)'] : "unexpected capacity lines: ${capacityLines}"
assert !new File(basedir, 'target/capacity').exists()
true
