package main

import (
	"errors"
	"flag"
	"os"
	"runtime"
	"runtime/pprof"
)

// profiles are the --cpuprofile and --memprofile flags of run and bench. A profile holds stack
// traces, sample counts and sizes only, never a value the program handled: it is safe to keep
// beside a release. (pprof labels could carry values; this program sets none.)
type profiles struct {
	cpu, mem string
}

func (p *profiles) register(fs *flag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile (pprof; stack traces only, no data) to this file")
	fs.StringVar(&p.mem, "memprofile", "", "write an allocation profile (pprof; stack traces and sizes only, no data) to this file at the end")
}

// start starts the CPU profile, if asked for; the returned stop ends it and writes the
// allocation profile, and must be called once. Errors writing a profile are returned by stop.
func (p *profiles) start() (stop func() error, err error) {
	var cpu *os.File
	if p.cpu != "" {
		if cpu, err = os.Create(p.cpu); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, err
		}
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			errs = append(errs, cpu.Close())
		}
		if p.mem != "" {
			f, err := os.Create(p.mem)
			if err != nil {
				return errors.Join(append(errs, err)...)
			}
			runtime.GC() // up-to-date in-use figures
			errs = append(errs, pprof.Lookup("allocs").WriteTo(f, 0), f.Close())
		}
		return errors.Join(errs...)
	}, nil
}
