using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Hamdel.Text.Bench;

// One core (affinity mask 1) and BenchmarkDotNet's ShortRun: enough for a stable documents/s
// figure on the project's 2-core machines in about a minute.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithAffinity(1))
    .AddColumn(StatisticColumn.OperationsPerSecond);
BenchmarkSwitcher.FromAssembly(typeof(AnalyzeBenchmarks).Assembly).Run(args, config);
