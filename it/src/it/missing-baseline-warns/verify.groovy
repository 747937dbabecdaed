// missing-baseline-warns: passes, warns once, and writes a candidate baseline with the job's capacity.
def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/capacity')

def warnings = log.readLines().findAll { it.startsWith('[WARNING] capacity: no baseline at ') }
assert warnings.size() == 1 : "expected one missing-baseline warning, got ${warnings}"
assert warnings[0].contains('baseline.candidate.json')
assert warnings[0].contains('capacity:update-baseline')

def candidate = new File(out, 'baseline.candidate.json')
assert candidate.isFile()
def results = new groovy.json.JsonSlurper().parse(new File(out, 'results.json'))
def capacities = new groovy.json.JsonSlurper().parse(candidate).capacities
assert capacities.keySet() == results.jobs*.key as Set
results.jobs.each { assert capacities[it.key] == it.capacity }
assert !new File(basedir, 'src/capacity/baseline.json').exists() : 'search must not write the real baseline'
true
