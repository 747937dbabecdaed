// regressed-baseline-fails: the gate names the job, its new capacity and the baseline, after writing the results.
def log = new File(basedir, 'build.log').text
def key = 'Meta-Llama-3-8B_mooncake_conversation_tk131072_h100_dgx_round_robin_fcfs_vllm_v1_cs512_tp1_pp1_bsz128_slottft_p99_10s_searchqps_r2_q1_reqs300'

def results = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/capacity/results.json'))
assert results.jobs.size() == 1
def job = results.jobs[0]
assert job.key == key
assert job.capacity < 50

def m = log =~ /Capacity regressed for ([^ ]+) \[([0-9a-f]{8})\]: max QPS ([0-9.]+) < baseline 50 /
assert m.find() : 'no "Capacity regressed for ... < baseline 50" line in build.log'
assert m.group(1) == key
assert m.group(2) == job.hash
assert Double.parseDouble(m.group(3)) == job.capacity

assert log.contains('1 job(s) lost capacity against')
assert log.contains('capacity:update-baseline')
assert log.contains('BUILD FAILURE')
assert log.contains('MojoFailureException') || log.contains('[ERROR] Failed to execute goal')
true
