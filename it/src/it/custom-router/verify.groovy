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
assert log.contains('_always_first_')
assert log.contains('capacity: 1/1 searches done')

def metrics = []
out.eachFileRecurse { if (it.name == 'request_metrics.csv') metrics << it }
assert !metrics.isEmpty()
metrics.each { csv ->
  def lines = csv.readLines()
  def column = lines[0].split(',').toList().indexOf('replica')
  assert column >= 0 : "no replica column in ${csv}"
  def rows = lines.drop(1).findAll { it }
  assert rows.size() == 300
  def replicas = rows.collect { it.split(',')[column] } as Set
  assert replicas == ['0'] as Set : "${csv}: replicas ${replicas}"
}
true
