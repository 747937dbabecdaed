// replicas-not-found (issue 15, item 3): 4, 8, 16 and 32 replicas all fail; the search reports that, not 33.
def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/capacity')
def reason = 'not found: 32 replicas still fail at 2 QPS (after 4 probes, max_iterations reached)'

def job = new groovy.json.JsonSlurper().parse(new File(out, 'results.json')).jobs[0]
assert job.probes*.replicas == [4, 8, 16, 32]
assert job.probes.every { !it.passed }
assert job.capacity == null : "a replica count never simulated was reported: ${job.capacity}"
assert job.stopReason == 'MAX_ITERATIONS'
assert job.status == 'NOT_FOUND'
assert job.statusReason == reason

def csv = new File(out, 'results.csv').readLines()
assert csv[0].endsWith(',key,requests_arrived,status,status_reason,replicas,gpus,qps_per_gpu,cost_per_hour,qps_per_dollar_hour,'
    + 'prefix_hit_ratio_at_capacity,prefix_hit_ratio_gpu_at_capacity,prefix_hit_ratio_cpu_at_capacity,prefix_hit_ratio_pool_at_capacity')
assert csv[1].contains(',,replicas,MAX_ITERATIONS,4,')
// no replica count found: no deployment to count GPUs of, no capacity probe to read prefix hits from
assert csv[1].endsWith(",${job.key},,NOT_FOUND,\"${reason}\",,,,,,,,,")

def html = new File(out, 'report/index.html').text
assert html.contains(">NOT_FOUND</span>")
assert html.contains("No capacity: ${reason}")

// the progress line names the job by its short label (hash prefix, router, deployment, scheduler/batch)
assert log.readLines().any { it.contains("[1/1] ${job.hash.take(6)} ${job.router} TP1 ") && it.endsWith(": ${reason}") }
assert !log.contains('min replicas 33')
// nothing to record: no candidate baseline (the old one held 33)
assert !new File(out, 'baseline.candidate.json').exists()
assert log.contains('and no job has a capacity to record in one')
assert log.contains('BUILD SUCCESS')
true
