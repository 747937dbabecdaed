// quickstart-passes: the build passed (invoker checks that), results and probe folders exist.
def out = new File(basedir, 'target/capacity')
def log = new File(basedir, 'build.log').text

def json = new File(out, 'results.json')
assert json.isFile() : "no ${json}"
def results = new groovy.json.JsonSlurper().parse(json)
assert results.jobs.size() == 2
assert results.jobs*.slo as Set == ['ttft_p99_10s', 'ttlt_p99_60s'] as Set
results.jobs.each { job ->
  assert job.router == 'round_robin'
  assert job.numRequests == 300
  assert job.error == null
  assert job.capacity > 0.2 : "capacity ${job.capacity} of ${job.key} not above the baseline 0.2"
  assert !job.probes.isEmpty()
  job.probes.each { p ->
    def dir = new File(out, p.folder)
    assert new File(dir, 'probe.json').isFile() : "no probe.json in ${dir}"
    assert new File(dir, 'output.log').isFile() : "no output.log in ${dir}"
  }
}

def csv = new File(out, 'results.csv').readLines()
assert csv[0].startsWith('index,hash,model,trace,')
assert csv.size() == 3 : "expected a header and 2 job rows, got ${csv.size()} lines"
assert csv.findAll { it.contains(',ttft_p99_10s,') }.size() == 1
assert csv.findAll { it.contains(',ttlt_p99_60s,') }.size() == 1

// one simulation per probe point, shared by both SLO configs: simulator outputs under runs/<hash>/r<n>_q<qps>/
def simulations = []
new File(out, 'runs').eachFileRecurse { f -> if (f.name == 'request_metrics.csv') simulations << f }
assert !simulations.isEmpty()

assert log.contains('capacity: 2 jobs')
assert log =~ /\[2\/2\] [0-9a-f]{8} Meta-Llama-3-8B_mooncake_conversation_/
assert log.contains('capacity: 2/2 searches done')
assert log.contains('Capacity improved for')
assert log.contains('0 regressed')
assert !new File(out, 'baseline.candidate.json').exists()
true

// the HTML report is written next to the results and shows every job with its capacity
def report = new File(out, 'report/index.html')
assert report.isFile() : "no ${report}"
def html = report.text
results.jobs.each { job ->
  assert html.contains("data-job=\"${job.hash}\"") : "report has no row for ${job.hash}"
}
assert html.contains('<svg') : 'report has no chart'
assert !html.contains('<script') : 'report must be self-contained, no script'
