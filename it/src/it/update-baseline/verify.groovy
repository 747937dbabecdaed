// update-baseline: the baseline holds every job key with its capacity; the rerun is within tolerance.
def log = new File(basedir, 'build.log').text
def slurper = new groovy.json.JsonSlurper()

def baseline = new File(basedir, 'src/capacity/baseline.json')
assert baseline.isFile()
def results = slurper.parse(new File(basedir, 'target/capacity/results.json'))
def capacities = slurper.parse(baseline).capacities
assert !results.jobs.isEmpty()
assert capacities.keySet() == results.jobs*.key as Set
results.jobs.each { assert capacities[it.key] == it.capacity && it.capacity > 0 }

assert log.contains("capacity: wrote ${results.jobs.size()} job capacities to ")
assert log.contains('[WARNING] capacity: no baseline at ')
assert log =~ /capacity: ${results.jobs.size()} job\(s\) within [0-9.]+% of the baseline, 0 regressed/
// the third step found every probe of the first on disk
assert log =~ /searches done, 0 probes simulated, [1-9][0-9]* reused/
true
