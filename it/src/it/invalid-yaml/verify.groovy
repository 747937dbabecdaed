// invalid-yaml: every problem is named with capacity.yaml:line:column and the allowed values; nothing ran.
def log = new File(basedir, 'build.log').text
assert log.contains('capacity: invalid study ')
assert log.contains("capacity.yaml:6:5: clusters[0]: unknown key 'gpu_memory'; allowed keys here: device, network_device, gpus_per_node")
def router = log.readLines().find { it.contains("capacity.yaml:8:16: global_schedulers[0].scheduler: unknown router 'round_robbin'; allowed: ") }
assert router != null : 'no line naming the bad router at capacity.yaml:8:16'
assert router.contains('round_robin')
def capacityKey = log.readLines().find { it.contains("unknown key 'max_iteration'") }
assert capacityKey != null && capacityKey =~ /capacity\.yaml:\d+:\d+: / && capacityKey.contains('max_iterations')
assert !new File(basedir, 'target/capacity/results.json').exists()
true
