using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Features.Insights;

internal static class InsightEndpoints
{
    public static IServiceCollection AddInsights(this IServiceCollection services)
    {
        services.AddOptions<InsightOptions>().BindConfiguration(InsightOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services
            .AddSingleton<WorkspaceTaxonomies>()
            .AddScoped<TextInsights>()
            .AddScoped<ManageTopics.Handler>()
            .AddScoped<Infrastructure.Events.IEventHandler, MessageAnalysisHandler>()
            .AddScoped<Infrastructure.Events.IEventHandler, SurveyCommentAnalysisHandler>()
            .AddSingleton<Reanalyzer>()
            .AddHostedService(services => services.GetRequiredService<Reanalyzer>());
    }

    public static void MapInsightEndpoints(this RouteGroupBuilder workspace)
    {
        var topics = workspace.MapGroup("/topics").WithTags("Topics");

        topics.MapGet("/", async (CurrentMember member, ManageTopics.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.GetAsync(member, ct)))
            .WithName("GetTopics").WithSummary("The workspace's topic list: each topic's names and phrases per language (en, fa, ar). Customer texts are tagged with these.");

        topics.MapPut("/", async Task<Results<Ok<TopicListDto>, ProblemHttpResult, ValidationProblem>> (ManageTopics.Request request, CurrentMember member, ManageTopics.Handler handler, CancellationToken ct) =>
                (await handler.SaveAsync(member, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("SaveTopics")
            .WithSummary("Replaces the topic list. A phrase's words are separated by spaces; a word ending in * matches words it starts. Every text of the workspace is re-tagged in the background.")
            .RequireWorkspaceRole(WorkspaceRole.Admin, WorkspaceRole.Supervisor);

        topics.MapDelete("/", async (CurrentMember member, ManageTopics.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.ResetAsync(member, ct)))
            .WithName("ResetTopics").WithSummary("Goes back to the shipped topic list (delivery, price, staff attitude, waiting time, product quality, app/website, refund).")
            .RequireWorkspaceRole(WorkspaceRole.Admin, WorkspaceRole.Supervisor);
    }
}
