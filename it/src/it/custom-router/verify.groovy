// custom-router: the study's own router ran, and it routed every request to replica 0.
def out = new File(basedir, 'target/capacity')
def log = new File(basedir, 'build.log').text
assert new File(basedir, 'target/classes/it/routers/AlwaysFirstRouter$Provider.class').isFile()

def results = new groovy.json.JsonSlurper().parse(new File(out, 'results.json'))
assert results.jobs.size() == 1
def job = results.jobs[0]
assert job.router == 'always_first'
assert job.key.contains('_always_first_')
assert job.error == null && job.capacity > 0
assert log =~ /\[1\/1\] [0-9a-f]{6} always_first 2xTP1 / // the short label names the study's own router
assert log.contains('capacity: 1/1 searches done')

// every probe's request_metrics.csv: only replica 0 (a probe stopped early lists fewer than 300 rows)
def metrics = []
out.eachFileRecurse { if (it.name == 'request_metrics.csv') metrics << it }
assert !metrics.isEmpty()
metrics.each { csv ->
  def lines = csv.readLines()
  def column = lines[0].split(',').toList().indexOf('replica')
  assert column >= 0 : "no replica column in ${csv}"
  def rows = lines.drop(1).findAll { it }
  assert !rows.isEmpty()
  def replicas = rows.collect { it.split(',')[column] } as Set
  assert replicas == ['0'] as Set : "${csv}: replicas ${replicas}"
}
// the probe at capacity passed, so it ran to the end: all 300 requests, on replica 0
def atCapacity = job.probes.find { it.passed && it.qps == job.capacity }
assert atCapacity != null
def csv = new File(out, atCapacity.folder + '/simulation/request_metrics.csv')
assert csv.readLines().drop(1).findAll { it }.size() == 300
true
