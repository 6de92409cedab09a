using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hamdel.Server.Features.Metrics;

/// <summary>A metric as the API describes it, with its definition in the caller's language.</summary>
public sealed record MetricInfo(string Name, string Title, string Definition, MetricKind Kind, MetricUnit Unit, MetricSource Source, IReadOnlyList<string> Dimensions);

internal static class MetricEndpoints
{
    public static IServiceCollection AddHamdelMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricOptions>().BindConfiguration(MetricOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services
            .AddScoped<MetricFacts>()
            .AddScoped<MetricRollups>()
            .AddScoped<MetricQueries>()
            .AddScoped<IEventHandler, MetricEventHandler>();
    }

    public static MetricInfo Describe(MetricDefinition metric) => new(metric.Name, Strings.Get($"Metric.{metric.Name}.Name"), Strings.Get($"Metric.{metric.Name}.Definition"),
        metric.Kind, metric.Unit, metric.Source, [.. metric.Dimensions.Select(MetricDefinitions.NameOf)]);

    public static void MapMetricEndpoints(this RouteGroupBuilder workspace)
    {
        var metrics = workspace.MapGroup("/metrics").WithTags("Metrics");

        metrics.MapGet("/", () => TypedResults.Ok(MetricDefinitions.All.Select(Describe).ToList()))
            .WithName("ListMetrics").WithSummary("Every metric with its definition (in the caller's language), unit and the dimensions it can be grouped and filtered by.");

        metrics.MapGet("/{metric}", async Task<Results<Ok<MetricResult>, ProblemHttpResult, ValidationProblem>> (
                string metric, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? groupBy, [FromQuery] string[]? filter, [FromQuery] string? calendar,
                HttpContext http, CurrentMember member, MetricQueries queries, CancellationToken ct) =>
                (await queries.GetAsync(member, metric, new MetricRequest(from, to, groupBy, filter, calendar), http.User.Viewer().Calendar, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetMetric")
            .WithSummary("A metric over local days from…to (yyyy-MM-dd, inclusive; default the last 90 days), grouped by up to two of: a period (day, week, month, quarter, year of the caller's calendar, or ?calendar=), channel, touchpoint, survey, team, agent, language, tag, sentiment, topic; filtered by filter=dimension:value|value (repeat or comma-separate). Each value has n, a 95% interval, and enough=false (value null) below the minimum sample.");

        metrics.MapGet("/{metric}/compare", async Task<Results<Ok<MetricComparison>, ProblemHttpResult, ValidationProblem>> (
                string metric, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string[]? filter,
                [FromQuery] string? baseFrom, [FromQuery] string? baseTo, [FromQuery] string[]? baseFilter, [FromQuery] string? calendar,
                HttpContext http, CurrentMember member, MetricQueries queries, CancellationToken ct) =>
                (await queries.CompareAsync(member, metric, new MetricRequest(from, to, null, filter, calendar),
                    new MetricRequest(baseFrom, baseTo, null, baseFilter is { Length: > 0 } ? baseFilter : null, calendar), http.User.Viewer().Calendar, ct)).ToHttp(TypedResults.Ok))
            .WithName("CompareMetric")
            .WithSummary("The metric over two periods or two segments (baseFrom/baseTo/baseFilter; by default the period just before with the same filters), with the difference, its interval and whether it is significant (p < 0.05).");

        metrics.MapGet("/{metric}/items", async Task<Results<Ok<Page<MetricItem>>, ProblemHttpResult, ValidationProblem>> (
                string metric, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string[]? filter, [FromQuery] string? cursor, [FromQuery] int? limit,
                HttpContext http, CurrentMember member, MetricQueries queries, CancellationToken ct) =>
                (await queries.ItemsAsync(member, metric, new MetricRequest(from, to, null, filter), cursor, limit, http.User.Viewer().Calendar, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListMetricItems")
            .WithSummary("The answers, invitations, conversations or follow-up cases behind a figure (same from, to and filter), newest first. Pulse answers are never listed.");

        metrics.MapGet("/{metric}/export", async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> (
                string metric, [FromQuery] string? format, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? groupBy, [FromQuery] string[]? filter, [FromQuery] string? calendar,
                HttpContext http, CurrentMember member, MetricQueries queries, CancellationToken ct) =>
                await ExportAsync(metric, format, new MetricRequest(from, to, groupBy, filter, calendar), http, member, queries, ct))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .WithName("ExportMetric").WithSummary("The same table as a file: format=csv (default) or xlsx.");

        metrics.MapPost("/rebuild", async (CurrentMember member, MetricRollups rollups, CancellationToken ct) => TypedResults.Ok(await rollups.RebuildAsync(member.WorkspaceId, ct)))
            .WithName("RebuildMetrics").WithSummary("Recomputes every fact and rollup of the workspace from the raw rows (normally never needed: they are kept exact as events arrive).")
            .RequireWorkspaceRole(WorkspaceRole.Admin);
    }

    /// <summary>The export for the UI's download links (cookie sign-in), outside the API.</summary>
    public static void MapMetricDownloads(this IEndpointRouteBuilder app) =>
        app.MapGet("/export/workspaces/{workspaceId:guid}/metrics/{metric}", async (
                string metric, [FromQuery] string? format, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? groupBy, [FromQuery] string[]? filter, [FromQuery] string? calendar,
                HttpContext http, CurrentMember member, MetricQueries queries, CancellationToken ct) =>
                (await ExportAsync(metric, format, new MetricRequest(from, to, groupBy, filter, calendar), http, member, queries, ct)).Result)
            .RequireAuthorization()
            .WithMetadata(new WorkspaceScopedMetadata())
            .ExcludeFromDescription();

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> ExportAsync(
        string metric, string? format, MetricRequest request, HttpContext http, CurrentMember member, MetricQueries queries, CancellationToken ct)
    {
        var kind = string.IsNullOrEmpty(format) ? "csv" : format;
        if (!MetricExport.Formats.Contains(kind))
        {
            return Failure.Invalid("format", Strings.Format("Error.EnumValue", "format", string.Join(", ", MetricExport.Formats))).ToHttp<FileContentHttpResult>();
        }
        var result = await queries.GetAsync(member, metric, request, http.User.Viewer().Calendar, ct);
        if (result.Failure is { } failure)
        {
            return failure.ToHttp<FileContentHttpResult>();
        }
        return (FileContentHttpResult)MetricExport.File(result.Value!, kind, System.Globalization.CultureInfo.CurrentUICulture);
    }
}
