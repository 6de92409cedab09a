using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Background;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Hamdel.Server.Features.Email;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hamdel.Server.Features.Surveys;

/// <summary>Absolute links to the public response page: <c>Hamdel:PublicUrl</c>, else the address this server listens on.</summary>
internal sealed class SurveyLinks(IOptions<HamdelOptions> options, IServer server)
{
    public string Base()
    {
        if (options.Value.PublicUrl is { } configured)
        {
            return configured.ToString().TrimEnd('/');
        }
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        return address.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }

    public string Response(string token, string language, int? score = null) =>
        $"{Base()}/s/{token}?lang={language}" + (score is { } s ? $"&score={s.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "");

    public string OptOut(string token, string language) => $"{Base()}/s/{token}?lang={language}&optout=1";
}

/// <summary>
/// Sends due invitations by e-mail through the workspace's e-mail channel, or the SMTP server in
/// <c>Hamdel:Smtp</c> when it has none (see <see cref="SmtpRoutes"/>). Each invitation is
/// claimed by moving its send time forward (so two instances never send it at once, and a crashed
/// sender's claim runs out), the throttle is checked once more, and a failure is retried later.
/// </summary>
internal sealed partial class InvitationSender(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<SurveyOptions> options, IOptions<SmtpOptions> smtp, ILogger<InvitationSender> logger)
    : PollingService(logger)
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) => await SendDueAsync(cancellationToken) > 0;

    /// <summary>One pass over the due invitations; returns how many were handled.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<(Guid Id, DateTimeOffset SendAt)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            due = [.. (await db.SurveyInvitations.AsNoTracking()
                .Where(i => i.Status == InvitationStatus.Scheduled && i.SendAt <= now)
                .OrderBy(i => i.SendAt).Take(50)
                .Select(i => new { i.Id, i.SendAt })
                .ToListAsync(cancellationToken)).Select(x => (x.Id, x.SendAt))];
        }
        if (due.Count == 0)
        {
            return 0;
        }
        await using var connection = new SmtpConnection();
        foreach (var (id, sendAt) in due)
        {
            await SendOneAsync(connection, id, sendAt, cancellationToken);
        }
        return due.Count;
    }

    private async Task SendOneAsync(SmtpConnection connection, Guid id, DateTimeOffset sendAt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<HamdelDbContext>();
        var now = time.GetUtcNow();
        var claimedUntil = now + ClaimFor;
        var claimed = await db.SurveyInvitations
            .Where(i => i.Id == id && i.Status == InvitationStatus.Scheduled && i.SendAt == sendAt)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.SendAt, claimedUntil).SetProperty(i => i.Attempts, i => i.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return;
        }
        var invitation = await db.SurveyInvitations.SingleAsync(i => i.Id == id, cancellationToken);
        var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == invitation.SurveyId, cancellationToken);
        var scheduler = services.GetRequiredService<SurveyScheduler>();
        // No address: the invitation goes out in the customer's conversation, if its channel carries links.
        var inConversation = invitation.Email is null && await scheduler.ReachableInConversationAsync(invitation.ConversationId, cancellationToken);
        string? skip = !survey.IsActive ? SkipReasons.Inactive : invitation.Email is null && !inConversation ? SkipReasons.NoEmail : null;
        if (skip is null && invitation.CustomerId is { } customerId)
        {
            // Something else may have asked the customer since this was scheduled.
            skip = await scheduler.ThrottleAsync(invitation.WorkspaceId, customerId, invitation.Id, cancellationToken);
        }
        if (skip is not null)
        {
            invitation.Status = InvitationStatus.Skipped;
            invitation.LastError = skip;
            invitation.SendAt = now;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        // The workspace's e-mail channel sends its invitations, from its address; Hamdel:Smtp otherwise.
        var route = inConversation ? null : await services.GetRequiredService<SmtpRoutes>().ForWorkspaceAsync(invitation.WorkspaceId, cancellationToken) ?? SmtpRoute.Of(smtp.Value);
        if (!inConversation && route is null)
        {
            invitation.Status = InvitationStatus.Failed;
            invitation.LastError = "Hamdel:Smtp:Host is not set; no e-mail was sent.";
            invitation.SendAt = now;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var definition = SurveyDefinition.Parse(await db.SurveyVersions.Where(v => v.SurveyId == survey.Id && v.Number == invitation.SurveyVersion).Select(v => v.Definition).SingleAsync(cancellationToken));
        var workspaceName = await db.Workspaces.Where(w => w.Id == invitation.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
        var token = services.GetRequiredService<SurveyTokens>().Create(invitation.Id, invitation.ExpiresAt);
        var links = services.GetRequiredService<SurveyLinks>();
        var events = services.GetRequiredService<EventOutbox>();
        if (inConversation)
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == invitation.ConversationId, cancellationToken);
            SystemMessages.Add(db, events, conversation, SurveyMail.ConversationText(workspaceName, definition, invitation.Language, token, links), now);
            MarkSent(invitation, survey, events, now);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var message = SurveyMail.Compose(new SmtpOptions { From = route!.From, FromName = route.FromName }, workspaceName, survey.Kind, definition, invitation.Email!, invitation.Language, token, links);
        try
        {
            await connection.SendAsync(route.Server, message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSendFailed(logger, e, invitation.Id);
            var error = e.Message.Length > 400 ? e.Message[..400] : e.Message;
            invitation.LastError = error;
            if (invitation.Attempts >= options.Value.MaxSendAttempts)
            {
                invitation.Status = InvitationStatus.Failed;
            }
            else
            {
                invitation.SendAt = now + TimeSpan.FromMinutes(Math.Pow(4, invitation.Attempts - 1));
            }
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        MarkSent(invitation, survey, events, now);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void MarkSent(SurveyInvitation invitation, Survey survey, EventOutbox events, DateTimeOffset now)
    {
        invitation.Status = InvitationStatus.Sent;
        invitation.SentAt = now;
        invitation.SendAt = now;
        invitation.LastError = null;
        if (survey.Kind == SurveyKind.Pulse)
        {
            // Once sent, nothing in the database says who got this invitation (docs/adr/0008).
            invitation.Email = null;
        }
        events.Publish(new SurveyInvitationSent(invitation.WorkspaceId, invitation.SurveyId, invitation.Id, invitation.CustomerId, invitation.ConversationId));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Survey invitation {InvitationId} could not be handed to the mail server; it will be retried")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid invitationId);
}
