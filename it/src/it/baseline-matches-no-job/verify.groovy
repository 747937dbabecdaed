// baseline-matches-no-job (issue 15, item 4): num_requests 299 -> 300 changed every job key; the old
// baseline gates nothing, so the build fails naming both sides (it passed with "0 job(s) within ...").
def log = new File(basedir, 'build.log').text
def slurper = new groovy.json.JsonSlurper()
def key = 'Meta-Llama-3-8B_mooncake_conversation_tk131072_h100_dgx_round_robin_fcfs_vllm_v1_cs512_tp1_pp1_bsz128_slottft_p99_10s_searchqps_r2_q1_reqs300'
def old = key.replace('_reqs300', '_reqs299')
def baseline = new File(basedir, 'src/capacity/baseline.json').canonicalPath

def job = slurper.parse(new File(basedir, 'target/capacity/results.json')).jobs[0]
assert job.key == key && job.capacity > 0

// warned before the first simulation, failed after the results were written
int warned = log.indexOf("[WARNING] capacity: the baseline ${baseline} has none of the study's 1 job key(s)")
assert warned >= 0 && warned < log.indexOf('[1/1]')
assert log.contains('capacity: 0 job(s) within 10.00% of the baseline, 0 regressed, 0 improved, 1 new, 1 not in the study')
def lines = log.readLines()
int at = lines.findIndexOf { it.contains("capacity: the baseline ${baseline} matches none of the study's 1 job(s), so it gates"
    + ' nothing (1 study job(s) not in it, 1 entr(ies) not in the study):') }
assert at >= 0
assert lines[at + 1] == "[ERROR]   study job not in the baseline: ${key} [${job.hash}]"
assert lines[at + 2] == "[ERROR]   baseline entry not in the study: ${old}"
assert lines[at + 3].startsWith('[ERROR] If the job keys changed on purpose, run mvn capacity:update-baseline (a candidate is in ')
// the candidate holds the study's keys, ready to adopt
assert slurper.parse(new File(basedir, 'target/capacity/baseline.candidate.json')).capacities == [(key): job.capacity]
assert log.contains('BUILD FAILURE')
assert !log.contains('\tat ')
true
