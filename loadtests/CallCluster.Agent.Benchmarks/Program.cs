using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project loadtests/CallCluster.Agent.Benchmarks -- --filter '*' --job short
// A caller notices a pause after about 300 ms; the rules' share of that should be negligible next to STT and TTS.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
