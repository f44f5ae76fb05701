module example.com/thirdparty

go 1.22

require (
	example.org/envnames v1.0.0
	example.org/vendored v1.0.0
)
