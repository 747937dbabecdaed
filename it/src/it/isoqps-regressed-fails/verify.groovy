// isoqps-regressed-fails (issue 15, item 4): isoqps jobs are gated; a pass -> fail transition regresses.
def log = new File(basedir, 'build.log').text
def slurper = new groovy.json.JsonSlurper()
def key = 'Meta-Llama-3-8B_mooncake_conversation_tk131072_h100_dgx_round_robin_fcfs_vllm_v1_cs512_tp1_pp1_bsz128_slottft_p99_searchisoqps_r2_q0.25_reqs300'

def before = slurper.parse(new File(basedir, 'target/before/results.json')).jobs[0]
assert before.key == key
assert before.probes.collect { [it.qps, it.passed] } == [[0.25, true], [0.5, true], [1.0, false]]
// update-baseline recorded the highest QPS up to which every multiplier passed
assert slurper.parse(new File(basedir, 'src/capacity/baseline.json')).capacities == [(key): 0.5]
assert log.contains('capacity: wrote 1 job capacities to ')

def after = slurper.parse(new File(basedir, 'target/capacity/results.json')).jobs[0]
assert after.key == key
assert after.probes.collect { [it.qps, it.passed] } == [[0.25, true], [0.5, false], [1.0, false]]
assert log.contains("Capacity regressed for ${key} [${after.hash}]: isoqps passing up to QPS 0.25 < baseline 0.5"
    + ' (-50.00%, tolerance 2.00%)')
assert log.contains('1 job(s) lost capacity against')
assert log.contains('BUILD FAILURE')
true
