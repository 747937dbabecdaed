// scorer-router: a scorer router's weightings are jobs of their own with capacities, their probes carry
// the scorer parts in the simulation config, and an unknown scorer fails at its line.
def out = new File(basedir, 'target/capacity')
def log = new File(basedir, 'build.log').text
def results = new groovy.json.JsonSlurper().parse(new File(out, 'results.json'))
assert results.jobs.size() == 3
def routers = results.jobs.collect { it.router }.sort()
assert routers == ['lop_uncached', 'scorer_llmd_prefix_cache-1_queue-1_kv_cache_utilization-1',
    'scorer_llmd_prefix_cache-3_queue-2_kv_cache_utilization-0'] : routers
results.jobs.each { j -> assert j.capacity != null && j.capacity > 0 : "${j.router} has no capacity" }
// a probe of a weighting simulated the scorer with its weights
def scorerJob = results.jobs.find { it.router.contains('prefix_cache-3') }
def probe = scorerJob.probes.find { it.folder != null }
def config = new groovy.json.JsonSlurper().parse(new File(out, probe.folder + '/simulation/config.json'))
assert config.router == 'scorer'
assert config.routerParams.toString().contains('prefix_cache') : config.routerParams
// 2: the unknown scorer, at its file and line
def bad = log.readLines().find { it.contains('bad.yaml:') && it.contains('queue_depth') }
assert bad != null : 'no located error for the unknown scorer'
assert bad.contains('allowed') : bad
assert !(log =~ /\n\s+at dev\.capacity\./) : 'a stack trace in build.log'
true
