// Package process runs a program under test as a child process: any
// language, any command line. The program learns where the classroom
// cluster is from environment variables (the contract of kafkacheck run,
// see Env), its output is kept in a bounded tail for diagnoses, and it is
// stopped at the end of a scenario with SIGINT, then SIGKILL after a grace
// period, sent to its whole process group so that a shell wrapper or a
// worker it started is stopped too.
package process
