// binary-study: a binary capacity.yaml is named as such, with the offset of the first byte that is not UTF-8.
def log = new File(basedir, 'build.log').text
assert log.contains('capacity: invalid study ')
assert log.contains('capacity.yaml:1:1: not a UTF-8 text file: byte 0x89 at offset 0 is not UTF-8 (is this a binary file?)')
assert !log.contains('Input length')
assert !new File(basedir, 'target/capacity/results.json').exists()
true
