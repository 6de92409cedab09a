using System.Net.Sockets;
using System.Text.Json;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Email;

/// <summary>
/// "Test connection": tries the IMAP and SMTP settings (as given, with the stored passwords of the
/// channel when the form left them out) step by step, and says which step failed and what the
/// server answered. Nothing is stored.
/// </summary>
internal static class TestEmailConnection
{
    internal sealed record Request(Guid? ChannelId, JsonElement? Settings);

    /// <summary>One server's result: the step reached (connect, tls, login, folder, done) and the error, if any.</summary>
    internal sealed record ServerResult(bool Ok, string Step, string? Error);

    internal sealed record Response(bool Ok, ServerResult Imap, ServerResult Smtp);

    internal sealed class Handler(HamdelDbContext db, IDataProtectionProvider protection)
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

        public async Task<Outcome<Response>> ExecuteAsync(CurrentMember actor, Request request, CancellationToken cancellationToken)
        {
            string? existing = null;
            if (request.ChannelId is { } channelId)
            {
                existing = await db.Channels.AsNoTracking()
                    .Where(c => c.Id == channelId && c.WorkspaceId == actor.WorkspaceId && c.Kind == EmailChannelKind.Name)
                    .Select(c => c.Settings).SingleOrDefaultAsync(cancellationToken);
                if (existing is null)
                {
                    return Failure.NotFound(Strings.Format("Channel.NotFound", channelId));
                }
            }
            var protector = protection.CreateProtector(EmailSettings.ProtectorPurpose);
            var stored = EmailSettings.Validate(request.Settings, existing, protector);
            if (stored.Failure is { } invalid)
            {
                return invalid;
            }
            var settings = EmailSettings.Load(stored.Value!, protector);
            var imap = await TestImapAsync(settings, cancellationToken);
            var smtp = await TestSmtpAsync(settings.Smtp, cancellationToken);
            return new Response(imap.Ok && smtp.Ok, imap, smtp);
        }

        private static async Task<ServerResult> TestImapAsync(EmailSettings settings, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var client = new ImapClient { Timeout = (int)Timeout.TotalMilliseconds };
            var step = "connect";
            try
            {
                await client.ConnectAsync(settings.Imap.Host, settings.Imap.Port, settings.Imap.Security, timeout.Token);
                step = "login";
                await client.AuthenticateAsync(settings.Imap.User ?? "", settings.Imap.Password ?? "", timeout.Token);
                step = "folder";
                var folder = await client.GetFolderAsync(settings.Folder, timeout.Token);
                await folder.OpenAsync(FolderAccess.ReadWrite, timeout.Token);
                if (settings.DoneAction == DoneAction.Move)
                {
                    // Made here when missing, as on first use: creating needs a right a login may lack.
                    step = "done-folder";
                    await MailboxWorker.DoneFolderAsync(client, settings.DoneFolder!, timeout.Token);
                }
                await client.DisconnectAsync(quit: true, timeout.Token);
                return new ServerResult(true, "done", null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new ServerResult(false, StepOf(step, e), Describe(step, e, settings.Imap));
            }
        }

        private static async Task<ServerResult> TestSmtpAsync(MailServer server, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
            var step = "connect";
            try
            {
                await client.ConnectAsync(server.Host, server.Port, server.Security, timeout.Token);
                if (!string.IsNullOrEmpty(server.User))
                {
                    step = "login";
                    await client.AuthenticateAsync(server.User, server.Password ?? "", timeout.Token);
                }
                await client.DisconnectAsync(quit: true, timeout.Token);
                return new ServerResult(true, "done", null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new ServerResult(false, StepOf(step, e), Describe(step, e, server));
            }
        }

        private static string StepOf(string step, Exception e) => e is SslHandshakeException ? "tls" : step;

        /// <summary>What failed in words an admin can act on, with the server's own answer; never the password.</summary>
        private static string Describe(string step, Exception e, MailServer server) => e switch
        {
            SocketException socket => Strings.Format("Email.Test.Connect", server.Host, server.Port, socket.Message),
            OperationCanceledException => Strings.Format("Email.Test.Timeout", server.Host, server.Port),
            SslHandshakeException => Strings.Format("Email.Test.Tls", server.Host, server.Port, e.Message),
            AuthenticationException => Strings.Format("Email.Test.Login", server.User, e.Message),
            FolderNotFoundException folder => Strings.Format("Email.Test.Folder", folder.FolderName),
            _ when step == "connect" => Strings.Format("Email.Test.Connect", server.Host, server.Port, e.Message),
            _ => Strings.Format("Email.Test.Other", step, e.Message),
        };
    }
}
