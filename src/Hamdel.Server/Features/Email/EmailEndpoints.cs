using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Features.Email;

internal static class EmailEndpoints
{
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IChannelKind, EmailChannelKind>();
        services.AddScoped<EmailChannelKind>();
        services.AddScoped<EmailIntake>();
        services.AddScoped<SmtpRoutes>();
        services.AddScoped<TestEmailConnection.Handler>();
        services.AddScoped<ManageQuarantine.Handler>();
        services.AddSingleton<EmailSender>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailSender>());
        services.AddSingleton<MailboxFetcher>();
        services.AddHostedService(sp => sp.GetRequiredService<MailboxFetcher>());
        return services;
    }

    public static void MapEmailEndpoints(this RouteGroupBuilder workspace)
    {
        var channels = workspace.MapGroup("/channels").WithTags("Channels");

        channels.MapPost("/email/test", async Task<Results<Ok<TestEmailConnection.Response>, ProblemHttpResult, ValidationProblem>> (TestEmailConnection.Request request, CurrentMember member, TestEmailConnection.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("TestEmailChannel")
            .WithSummary("Tries e-mail settings (IMAP and SMTP) without saving them: which step failed (connect, tls, login, folder) and the server's answer. With channelId, passwords left out are the channel's stored ones.")
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound);

        channels.MapGet("/{channelId:guid}/mailbox", async Task<Results<Ok<MailboxStatusDto>, ProblemHttpResult, ValidationProblem>> (Guid channelId, CurrentMember member, ManageQuarantine.Handler handler, CancellationToken ct) =>
                (await handler.StatusAsync(member, channelId, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetMailboxStatus").WithSummary("How an e-mail channel's mailbox is doing: last fetch, last error, messages in quarantine.")
            .RequireWorkspaceRole(WorkspaceRole.Admin);

        channels.MapGet("/{channelId:guid}/quarantine", async Task<Results<Ok<List<QuarantinedEmailDto>>, ProblemHttpResult, ValidationProblem>> (Guid channelId, CurrentMember member, ManageQuarantine.Handler handler, CancellationToken ct) =>
                (await handler.ListAsync(member, channelId, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListQuarantinedEmails").WithSummary("Messages of an e-mail channel that could not be stored, newest first, with the reason.")
            .RequireWorkspaceRole(WorkspaceRole.Admin);

        channels.MapGet("/{channelId:guid}/quarantine/{id:guid}/raw", DownloadRawAsync)
            .WithName("GetQuarantinedEmailSource").WithSummary("The raw source of a quarantined message (message/rfc822).")
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .Produces(StatusCodes.Status200OK, contentType: "message/rfc822")
            .ProducesProblem(StatusCodes.Status404NotFound);

        channels.MapDelete("/{channelId:guid}/quarantine/{id:guid}", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid channelId, Guid id, CurrentMember member, ManageQuarantine.Handler handler, CancellationToken ct) =>
                (await handler.DismissAsync(member, channelId, id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DismissQuarantinedEmail").WithSummary("Removes a message from the quarantine list.")
            .RequireWorkspaceRole(WorkspaceRole.Admin);
    }

    /// <summary>The UI's link to a quarantined message's source, with the sign-in cookie.</summary>
    public static void MapQuarantineDownloads(this IEndpointRouteBuilder app) =>
        app.MapGet("/files/workspaces/{workspaceId:guid}/channels/{channelId:guid}/quarantine/{id:guid}", DownloadRawAsync)
            .RequireAuthorization()
            .WithMetadata(new WorkspaceScopedMetadata())
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ExcludeFromDescription();

    private static async Task<IResult> DownloadRawAsync(Guid channelId, Guid id, CurrentMember member, ManageQuarantine.Handler handler, HttpContext http, CancellationToken ct)
    {
        var raw = await handler.RawAsync(member, channelId, id, ct);
        if (raw.Failure is { } failure)
        {
            return ProblemResults.Problem(failure);
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "sandbox";
        return TypedResults.File(raw.Value.Content, "message/rfc822", raw.Value.FileName);
    }
}
