// baseline-lacks-values-fails (issue 15, item 4): failOnMissingBaseline fails when any job lacks a baseline
// value (it only did when the whole file was missing); stale baseline entries are listed.
def log = new File(basedir, 'build.log').text
def slurper = new groovy.json.JsonSlurper()
def baseline = new File(basedir, 'src/capacity/baseline.json').canonicalPath
def jobs = slurper.parse(new File(basedir, 'target/capacity/results.json')).jobs
def ttlt = jobs.find { it.slo == 'ttlt_p99_60s' }
assert jobs.size() == 2 && ttlt.capacity > 0

assert log.count('[WARNING] Job in the baseline but not in this study: retired_job_searchqps_q1_reqs300 (baseline 1.5)') == 2
assert log.contains("[INFO] New job (not in the baseline) ${ttlt.key} [${ttlt.hash}]")
assert log.count('capacity: 0 job(s) within 10.00% of the baseline, 0 regressed, 1 improved, 1 new, 1 not in the study') == 2
def lines = log.readLines()
int at = lines.findIndexOf { it.endsWith("capacity: 1 job(s) have no value in the baseline ${baseline} (capacity.failOnMissingBaseline=true):") }
assert at >= 0
assert lines[at + 1] == "[ERROR]   no baseline value for ${ttlt.key} [${ttlt.hash}]"
assert lines[at + 2].startsWith('[ERROR] Run mvn capacity:update-baseline (a candidate is in ')
assert log.count('BUILD SUCCESS') == 1 && log.count('BUILD FAILURE') == 1
assert !log.contains('\tat ')
true
