// reproducible-twice: results.json and results.csv are byte-identical whatever the thread count.
def run1 = new File(basedir, 'target/run1')
def run2 = new File(basedir, 'target/run2')
def log = new File(basedir, 'build.log').text

assert log.contains('1 thread(s)') && log.contains('2 thread(s)')
// both runs simulated (each into its own, empty output folder)
def simulated = log.readLines().findAll { it.contains('4/4 searches done') }.collect { (it =~ /(\d+) probes simulated/)[0][1] as int }
assert simulated.size() == 2 && simulated.every { it > 0 } : "expected two searches that simulated: ${simulated}"

['results.json', 'results.csv', 'baseline.candidate.json'].each { name ->
  def a = new File(run1, name)
  def b = new File(run2, name)
  assert a.isFile() && b.isFile() : "missing ${name}"
  assert a.bytes == b.bytes : "${name} differs between 1 and 2 threads"
}
def results = new groovy.json.JsonSlurper().parse(new File(run1, 'results.json'))
assert results.jobs.size() == 4 // 2 replica schedulers x 2 SLO configs

// every probe's simulator metrics too
def probes1 = []
run1.eachFileRecurse { if (it.name == 'request_metrics.csv') probes1 << run1.toPath().relativize(it.toPath()).toString() }
assert !probes1.isEmpty()
probes1.each { rel ->
  assert new File(run1, rel).bytes == new File(run2, rel).bytes : "${rel} differs"
}
assert !new File(basedir, 'target/capacity').exists()
true
