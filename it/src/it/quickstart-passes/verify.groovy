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
    // prefix caching on, no KV-cache tiers: the total hit ratio only, in results.json and probe.json
    assert p.prefixHits.total >= 0 && p.prefixHits.total <= 1
    assert !p.prefixHits.containsKey('gpu') && !p.prefixHits.containsKey('cpu') && !p.prefixHits.containsKey('pool')
    def probe = new groovy.json.JsonSlurper().parse(new File(dir, 'probe.json'))
    assert probe.prefixHits == p.prefixHits
  }
}

def csv = new File(out, 'results.csv').readLines()
assert csv[0].startsWith('index,hash,model,trace,')
assert csv[0].endsWith(',replicas,gpus,qps_per_gpu,cost_per_hour,qps_per_dollar_hour,prefix_hit_ratio_at_capacity,'
    + 'prefix_hit_ratio_gpu_at_capacity,prefix_hit_ratio_cpu_at_capacity,prefix_hit_ratio_pool_at_capacity')
// 2 replicas x TP1: 2 GPUs; QPS per GPU = capacity / 2; no cost_per_gpu_hour, so no cost columns;
// the capacity probe's prefix hit ratio, and no tier columns without kv_tiers
csv.drop(1).each { row ->
  def cells = row.split(',', -1)
  assert cells[-9] == '2' && cells[-8] == '2' && cells[-6] == '' && cells[-5] == ''
  assert Math.abs((cells[14] as double) / 2 - (cells[-7] as double)) < 1e-6
  assert (cells[-4] as double) >= 0 && (cells[-4] as double) <= 1
  assert cells[-3] == '' && cells[-2] == '' && cells[-1] == ''
}
assert csv.size() == 3 : "expected a header and 2 job rows, got ${csv.size()} lines"
assert csv.findAll { it.contains(',ttft_p99_10s,') }.size() == 1
assert csv.findAll { it.contains(',ttlt_p99_60s,') }.size() == 1

// one simulation per probe point, shared by both SLO configs: simulator outputs under runs/<hash>/r<n>_q<qps>/
def simulations = []
new File(out, 'runs').eachFileRecurse { f -> if (f.name == 'request_metrics.csv') simulations << f }
assert !simulations.isEmpty()

assert log.contains('capacity: 2 jobs')
// short labels: hash prefix, router, deployment, scheduler/batch, and the SLO (the one dimension that varies)
assert log =~ /\[2\/2\] [0-9a-f]{6} round_robin 2xTP1 vllm_v1_cs512\/b128 tt[fl]t_p99_[16]0s: max QPS /
// the final table, one row per job with its change against the baseline
assert log =~ /capacity: capacities and change against the baseline:/
assert log =~ /\[INFO\]   [0-9a-f]{6} round_robin 2xTP1 vllm_v1_cs512\/b128 ttft_p99_10s +[0-9.]+ QPS +[0-9.]+ +0\.2 +\+[0-9.]+%/
// the checked-in baseline has keys from before keys named num_replicas: they still gate, with one warning,
// and step 2 (capacity:update-baseline) rewrites them, saying so in one line
assert log.count('[WARNING] capacity: 2 baseline entries have a job key from before keys named num_replicas'
    + ' (..._searchqps_q1_reqs300 is now ..._searchqps_r2_q1_reqs300)') == 1
assert log.contains('capacity: rewrote 2 job key(s) of the old baseline with their replica count')
assert !log.contains("has none of the study's") // the up-front check knows the old keys too
def rewritten = new groovy.json.JsonSlurper().parse(new File(basedir, 'src/capacity/baseline.json')).capacities
assert rewritten.keySet() == results.jobs*.key as Set
assert rewritten.keySet().every { it.endsWith('_searchqps_r2_q1_reqs300') }
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
