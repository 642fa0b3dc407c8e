// Package qsim is the qsim extension: a statevector simulator of quantum circuits written
// in OpenQASM 2.0, answering as Qiskit's statevector simulator does.
//
// # Functions
//
//	qsim_hadamard_counts(shots int [, qubits int [, seed bigint]]) -> SETOF (bitstring text, count int)
//	qsim_counts(qasm text, shots int [, seed bigint])             -> SETOF (bitstring text, count int)
//	qsim_probabilities(qasm text)                                 -> SETOF (bitstring text, probability float8)
//
// Rows come ordered by bitstring. Bitstrings are in Qiskit's order: classical bit 0 is the
// rightmost character, and with several classical registers each is printed separately,
// the first declared rightmost, separated by spaces ("01 1"). A circuit without
// measurements reports its qubits as if each were measured into the bit of its number.
// Probabilities are exact up to rounding; outcomes whose probability is below 1e-12 (zero,
// up to rounding) are left out. With a seed, counts are reproducible: the same seed gives
// the same counts (whatever the number of cores); without one, each call draws afresh
// (those overloads are volatile, the seeded ones immutable).
//
// # Layers
//
// qasm_lex.go and qasm_parse.go read a program: OPENQASM 2.0, include "qelib1.inc" (its
// gates are always available; no other file can be included), qreg/creg, gate definitions
// (expanded where they are applied), U and CX, qelib1's gates (qelib.go: h x y z s sdg t tdg
// rx ry rz u1 u2 u3 u p id sx sxdg cx cy cz ch csx crx cry crz cu1 cp cu3 ccx swap cswap),
// measure, barrier, reset of an untouched qubit, parameters with pi, + - * / ^ and sin cos
// tan exp ln sqrt (qasm_expr.go), and broadcasting over whole registers. Declarations come
// before use, so the parser compiles as it reads, into a circuit (circuit.go): primitive
// operations, each a 2x2 matrix on a target qubit under control qubits or a (controlled)
// swap, plus the terminal measurements. Errors in a program are 42601 and name its line;
// what is valid but not simulated (opaque gates, if, gates after a measurement, reset of a
// qubit in use) is 0A000, also with the line.
//
// state.go and kernel.go simulate: a statevector in complex128 with qubit 0 the least
// significant bit of a basis state's index, as Qiskit has it. Two economies keep it exact
// and fast, described on state: qubits still in |0> are kept out of the vector until a gate
// moves them (so H on n fresh qubits costs two passes over the final vector rather than
// n), and runs of gates on at most 13 qubits are applied block by block to cache-sized
// gathers of the vector, one pass over memory for the whole run. Kernels enumerate exactly
// the amplitudes a gate changes, by depositing a counter's bits around the target and
// control bits, with separate loops for diagonal, permutation and general matrices. Large
// vectors are split among GOMAXPROCS workers, which never write the same amplitude.
//
// sample.go turns the final state into results. Measurements are terminal, so the state's
// distribution is sampled directly: few shots as uniform order statistics drawn from the
// top down (the largest of k uniforms is U^(1/k)) and walked against the cumulative
// probabilities in one pass and constant memory; more shots than amplitudes by conditional
// binomial draws (gonum's distuv.Binomial), one per amplitude. Both are exact multinomial
// samples. Physical positions map to classical bits a byte at a time through tables.
// Results are kept by outcome in a table indexed by it where the outcomes may be many (a
// circuit measuring all its qubits: 2^n entries of 8 bytes, half the statevector), else in
// a map, and turned into rows a batch at a time as the query reads them, so 2^26 outcomes
// never exist as rows at once.
//
// # Limits
//
// A statevector of n qubits takes 16·2^n bytes; the setting qsim.max_qubits (default 26, a
// 1 GB vector; at most 30) bounds n, and a circuit past it is 54000 with a hint naming the
// memory it would take. The session's settings define the parameter as an extension's library
// would (SHOW and pg_settings show it, SET checks its range: SET qsim.max_qubits = 28);
// qsim reads it, and checks it again where it runs without a session. The vector is plain Go memory, not
// accounted against --memory-limit. Simulation checks the statement's context between
// gates and gate groups, and parsing while it expands gate definitions (a few nested
// definitions can expand to millions of gates; at most 2^22 are allowed), so cancellation
// and statement_timeout stop both.
package qsim
