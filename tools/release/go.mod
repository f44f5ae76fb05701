module github.com/openova/envcontract/tools/release

go 1.26.8

require (
	github.com/ProtonMail/go-crypto v1.4.1
	github.com/opencontainers/image-spec v1.1.1
	github.com/stretchr/testify v1.12.1
	helm.sh/helm/v4 v4.3.1
	oras.land/oras-go/v2 v2.6.2
	sigs.k8s.io/yaml v1.6.0
)

require (
	github.com/cloudflare/circl v1.6.3 // indirect
	github.com/opencontainers/go-digest v1.0.0 // indirect
	go.yaml.in/yaml/v2 v2.4.4 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
