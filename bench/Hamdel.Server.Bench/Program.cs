using Hamdel.Server.Bench;

// dotnet run -c Release --project bench/Hamdel.Server.Bench -- inbound sqlite|postgres [messages]
// dotnet run -c Release --project bench/Hamdel.Server.Bench -- inbox sqlite|postgres [conversations]
// dotnet run -c Release --project bench/Hamdel.Server.Bench -- surveys sqlite|postgres [answers]
// dotnet run -c Release --project bench/Hamdel.Server.Bench -- metrics sqlite|postgres [answers]
// dotnet run -c Release --project bench/Hamdel.Server.Bench -- email sqlite|postgres [messages]   (needs HAMDEL_BENCH_IMAP and HAMDEL_BENCH_IMAP_PASSWORD)
// Through ./bench.sh, which starts a throwaway PostgreSQL for the postgres runs.
var (what, provider) = (args.ElementAtOrDefault(0), args.ElementAtOrDefault(1) ?? "sqlite");
switch (what)
{
    case "inbound":
        await InboundBenchmark.RunAsync(provider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
        break;
    case "inbox":
        await InboxBenchmark.RunAsync(provider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        break;
    case "surveys":
        await SurveyBenchmark.RunAsync(provider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5_000);
        break;
    case "metrics":
        await MetricsBenchmark.RunAsync(provider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        break;
    case "email":
        await EmailBenchmark.RunAsync(provider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2_000);
        break;
    default:
        Console.Error.WriteLine("usage: inbound|inbox|surveys|metrics|email sqlite|postgres [count]");
        return 1;
}
return 0;
