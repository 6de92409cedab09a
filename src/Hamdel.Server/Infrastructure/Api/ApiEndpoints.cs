using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Inbox;
using Hamdel.Server.Features.Insights;
using Hamdel.Server.Features.Teams;
using Hamdel.Server.Features.Webhooks;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Email;
using Hamdel.Server.Features.FollowUps;
using Hamdel.Server.Features.Metrics;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Features.Tracking;
using Hamdel.Server.Features.Tokens;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Hamdel.Server.Infrastructure.Api;

/// <summary>The REST API's shape: which groups exist, who may call them, and where each feature plugs in.</summary>
internal static class ApiEndpoints
{
    public static void MapHamdelApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1");

        var anonymous = v1.MapGroup("/auth").AllowAnonymous();
        anonymous.MapAuthEndpoints();
        anonymous.MapInvitationEndpoints();

        // What customers reach without an account: answering a survey.
        v1.MapGroup("/public").AllowAnonymous().MapPublicSurveyEndpoints();

        var api = v1.MapGroup("").RequireAuthorization(AuthServiceCollectionExtensions.ApiPolicy);
        api.MapMeEndpoints();
        api.MapTokenEndpoints();
        api.MapWorkspaceEndpoints();

        var workspace = api.MapWorkspaceScope();
        workspace.MapWorkspaceScopedEndpoints();
        workspace.MapMemberEndpoints();
        workspace.MapAuditEndpoints();
        workspace.MapCustomerEndpoints();
        workspace.MapTeamEndpoints();
        workspace.MapChannelEndpoints();
        workspace.MapEmailEndpoints();
        workspace.MapConversationEndpoints();
        workspace.MapWebhookEndpoints();
        workspace.MapInboxEndpoints();
        workspace.MapTrackingEndpoints();
        workspace.MapSurveyEndpoints();
        workspace.MapFollowUpEndpoints();
        workspace.MapInsightEndpoints();
        workspace.MapMetricEndpoints();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).ExcludeFromDescription();
    }
}
