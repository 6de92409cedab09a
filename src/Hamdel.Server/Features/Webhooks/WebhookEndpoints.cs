using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Features.Webhooks;

internal static class WebhookEndpoints
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebhookSender.HttpClientName);
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        services.AddScoped<Infrastructure.Events.IEventHandler, WebhookFanOut>();
        return services.AddScoped<ManageWebhooks.Handler>();
    }

    public static void MapWebhookEndpoints(this RouteGroupBuilder workspace)
    {
        var webhooks = workspace.MapGroup("/webhooks").WithTags("Webhooks").RequireWorkspaceRole(WorkspaceRole.Admin);

        webhooks.MapGet("/", async (CurrentMember member, ManageWebhooks.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(member, ct)))
            .WithName("ListWebhooks").WithSummary("The workspace's webhooks.");

        webhooks.MapPost("/", async Task<Results<Created<ManageWebhooks.Created>, ProblemHttpResult, ValidationProblem>> (ManageWebhooks.Request request, CurrentMember member, ManageWebhooks.Handler handler, CancellationToken ct) =>
                (await handler.CreateAsync(member, request, ct)).ToHttp(w => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/webhooks/{w.Webhook.Id}", w)))
            .WithName("CreateWebhook")
            .WithSummary("Subscribes a URL to events (* for all). Deliveries are POSTs signed with Hamdel-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\">; the secret is in this answer only.");

        webhooks.MapPut("/{webhookId:guid}", async Task<Results<Ok<WebhookDto>, ProblemHttpResult, ValidationProblem>> (Guid webhookId, ManageWebhooks.Request request, CurrentMember member, ManageWebhooks.Handler handler, CancellationToken ct) =>
                (await handler.UpdateAsync(member, webhookId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateWebhook").WithSummary("Changes a webhook's URL, events or state.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapDelete("/{webhookId:guid}", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid webhookId, CurrentMember member, ManageWebhooks.Handler handler, CancellationToken ct) =>
                (await handler.DeleteAsync(member, webhookId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DeleteWebhook").WithSummary("Deletes a webhook; its delivery log stays.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapGet("/{webhookId:guid}/deliveries", async Task<Results<Ok<Page<WebhookDeliveryDto>>, ProblemHttpResult, ValidationProblem>> (Guid webhookId, string? cursor, int? limit, CurrentMember member, ManageWebhooks.Handler handler, CancellationToken ct) =>
                (await handler.DeliveriesAsync(member, webhookId, cursor, limit, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListWebhookDeliveries").WithSummary("The delivery log: every attempt's outcome, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
