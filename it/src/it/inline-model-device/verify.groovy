// inline-model-device (issue 18): a study that defines its own device, node type and models runs on them;
// every probe's config.json carries the definitions; a bad inline key fails with one located line.
def out = new File(basedir, 'target/capacity')
def log = new File(basedir, 'build.log').text
def slurper = new groovy.json.JsonSlurper()
def results = slurper.parse(new File(out, 'results.json'))

// 2 models x 2 clusters (the second with an fp8 KV cache and expert parallelism: its own key)
assert results.jobs.size() == 4
assert results.jobs*.hash.unique().size() == 4
def keys = results.jobs*.key
assert keys.count { it.contains('_acme_box_round_robin_') } == 2 : keys
assert keys.count { it.contains('_acme_box_kvfp8_ep_round_robin_') } == 2 : keys
assert results.jobs*.cluster as Set == ['acme_box', 'acme_box_kvfp8_ep'] as Set
assert keys.count { it.startsWith('Tiny-MoE_') } == 2 && keys.count { it.startsWith('Tiny-Dense_') } == 2
results.jobs.each { j -> assert j.capacity != null && j.capacity > 0 : "${j.key}: ${j.status} ${j.capacity}" }
// the definitions are inputs of the study, by digest
assert results.inputs.definitions.keySet() == ['model acme/Tiny-Dense', 'model acme/Tiny-MoE', 'node acme_box'] as Set
// the roofline times what has no profile, and says so; the catalog is not asked for these names
assert log.contains('acme/Tiny-MoE') && !log.contains("unknown model 'acme/")
assert !log.contains("unknown device 'acme_x1'")

// each probe's config.json carries the model and the node type as defined
def configs = []
out.eachFileRecurse { f -> if (f.name == 'config.json' && f.parentFile.name == 'simulation') configs << f }
assert configs.size() >= 4
def moe = configs.collect { slurper.parse(it) }.find { it.model == 'acme/Tiny-MoE' && it.expertParallel }
assert moe != null : 'no probe of Tiny-MoE with expert parallelism'
assert moe.modelSpec.identifier == 'acme/Tiny-MoE'
assert moe.modelSpec.numLayers == 8 && moe.modelSpec.embeddingDim == 1024 && moe.modelSpec.numKvHeads == 4
assert moe.modelSpec.moe.numExperts == 8 && moe.modelSpec.moe.expertsPerToken == 2
assert moe.modelSpec.moe.expertHiddenDim == 2816 // Mixtral-style: intermediate_size is the expert width
assert moe.kvCacheDtype == 'fp8'
assert moe.nodeSpec.name == 'acme_box' && moe.nodeSpec.devicesPerNode == 4
assert moe.nodeSpec.interconnectGbps == 100 && moe.nodeSpec.interconnectLatencyUs == 15
assert moe.nodeSpec.device.name == 'acme_x1' && moe.nodeSpec.device.totalMemoryGb == 48
assert moe.nodeSpec.device.peakTflops == 400 && moe.nodeSpec.device.fp8Tflops == 800
assert moe.nodeSpec.device.memoryBandwidthGbps == 2000
def dense = configs.collect { slurper.parse(it) }.find { it.model == 'acme/Tiny-Dense' }
assert dense.modelSpec.moe == null && dense.modelSpec.mlpHiddenDim == 4096 && dense.weightDtype == 'fp8'

// step 2: bad.yaml fails before anything runs, each problem on one line at file:line:column
def lines = log.readLines()
def bad = new File(basedir, 'bad.yaml').canonicalFile
def broken = new File(basedir, 'broken-config.json').canonicalFile
def memory = lines.find { it.contains("bad.yaml:5:16: clusters[0].memory_gb: expected a number, found string 'lots'") }
assert memory != null : 'no located memory_gb error'
def kv = lines.find { it.contains("bad.yaml:34:21: models[0].kv_cache_dtype: unknown kv cache dtype 'int4'; allowed: bf16, fp16, fp8") }
assert kv != null : 'no located kv_cache_dtype error'
def config = lines.find { it.contains('bad.yaml:33:13: models[0].config: ') }
assert config != null && config.contains('broken-config.json: the architecture of \'acme/Tiny-MoE\' lacks vocab_size')
assert !log.contains('\tat ') : 'a stack trace reached the user'
assert !new File(basedir, 'target/bad/results.json').exists()
true
