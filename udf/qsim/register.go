package qsim

import "github.com/pgfast/pgfast/catalog"

// Register adds the qsim extension and its functions to reg.
func Register(reg *catalog.Registry) {
	reg.AddExtension(&catalog.Extension{Name: "qsim", Version: "1.0",
		Comment: "quantum circuit simulator: OpenQASM 2.0 statevectors, probabilities and sampled counts"})
}
