// resume: the rerun drops the .partial folder, reuses every finished probe, simulates only the
// deleted one again, and writes the same results as the clean run.
def out = new File(basedir, 'target/capacity')
def log = new File(basedir, 'build.log').text

def clean = new File(basedir, 'target/clean-run/results.json')
assert clean.isFile() : 'step 2 did not save the clean results'
def resumed = new File(out, 'results.json')
assert resumed.isFile() : 'the rerun wrote no results.json'
assert resumed.bytes == clean.bytes : 'results.json after resuming differs from the clean run'
assert new File(out, 'results.csv').bytes == new File(basedir, 'target/clean-run/results.csv').bytes

assert log.contains('capacity: removed 1 half-written probe folder(s) of an interrupted run')
def summaries = log.readLines().findAll { it.contains('searches done') && !it.contains('ETA') }
assert summaries.size() == 2 : "expected two finished searches, got ${summaries}"
def first = (summaries[0] =~ /(\d+) probes simulated, (\d+) reused/)[0]
def second = (summaries[1] =~ /(\d+) probes simulated, (\d+) reused/)[0]
// exact counts depend on the runner (speculative probes simulate a few extra points), so only:
// the rerun reused finished probes, simulated something (the deleted probe), and less than the clean run
assert second[2] as int >= 1 : "the rerun reused no probe: ${summaries[1]}"
assert second[1] as int >= 1 : "the rerun simulated nothing, though a probe was deleted: ${summaries[1]}"
assert (second[1] as int) < (first[1] as int) : "the rerun simulated as much as the clean run: ${summaries}"

def job = out.listFiles().find { it.name == 'runs' }.listFiles().find { it.isDirectory() }
assert job.listFiles().findAll { it.name.endsWith('.partial') }.isEmpty()
assert new File(job, 'r2_q1.0/probe.json').isFile() : 'the deleted probe was not simulated again'
true
