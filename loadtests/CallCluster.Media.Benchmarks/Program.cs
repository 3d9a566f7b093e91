using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project loadtests/CallCluster.Media.Benchmarks -- --filter '*' --job short
// Each benchmark processes one 20 ms frame, so 20 µs per operation is 0.1 % of one core per call direction.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
