using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Hamdel.Text.Bench;

// --cpu-time: a quick single-threaded loop that reports documents per CPU-second beside the
// wall-clock figure, for machines shared with other work (see CpuTime).
if (args.Contains("--cpu-time"))
{
    CpuTime.Run(rounds: 10);
    return;
}

// One core (affinity mask 1) and BenchmarkDotNet's ShortRun: enough for a stable documents/s
// figure on the project's 2-core machines in about a minute.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithAffinity(1))
    .AddColumn(StatisticColumn.OperationsPerSecond);
BenchmarkSwitcher.FromAssembly(typeof(AnalyzeBenchmarks).Assembly).Run(args, config);
