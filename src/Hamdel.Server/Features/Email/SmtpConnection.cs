using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Infrastructure.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Hamdel.Server.Features.Email;

/// <summary>Where a workspace's automatic mail (survey invitations) leaves from: an e-mail channel's SMTP server and address, or Hamdel:Smtp.</summary>
internal sealed record SmtpRoute(MailServer Server, string From, string? FromName)
{
    public static SmtpRoute? Of(SmtpOptions options) => string.IsNullOrWhiteSpace(options.Host)
        ? null
        : new SmtpRoute(new MailServer(options.Host, options.Port, Enum.Parse<SecureSocketOptions>(options.Security), options.UserName, options.Password), options.From, options.FromName);
}

/// <summary>Finds a workspace's sending route: its oldest active e-mail channel, so replies and surveys come from one address.</summary>
internal sealed class SmtpRoutes(HamdelDbContext db, IDataProtectionProvider protection)
{
    public async Task<SmtpRoute?> ForWorkspaceAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var stored = await db.Channels.AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId && c.Kind == EmailChannelKind.Name && c.IsActive)
            .OrderBy(c => c.CreatedAt)
            .Select(c => c.Settings)
            .FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var settings = EmailSettings.Load(stored, protection.CreateProtector(EmailSettings.ProtectorPurpose));
        return new SmtpRoute(settings.Smtp, settings.FromAddress, settings.FromName);
    }
}

/// <summary>
/// One SMTP client kept open across the messages of a pass, reconnecting when the next message
/// goes through another server. Replies and survey invitations are sent through it.
/// </summary>
internal sealed class SmtpConnection : IAsyncDisposable
{
    private readonly SmtpClient _client = new() { Timeout = 60_000 };
    private string? _connectedTo;

    public async Task SendAsync(MailServer server, MimeMessage message, CancellationToken cancellationToken)
    {
        if (_connectedTo != server.Fingerprint || !_client.IsConnected)
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit: true, cancellationToken);
            }
            _connectedTo = null;
            await ConnectAsync(_client, server, cancellationToken);
            _connectedTo = server.Fingerprint;
        }
        await _client.SendAsync(message, cancellationToken);
    }

    public static async Task ConnectAsync(SmtpClient client, MailServer server, CancellationToken cancellationToken)
    {
        await client.ConnectAsync(server.Host, server.Port, server.Security, cancellationToken);
        if (!string.IsNullOrEmpty(server.User))
        {
            await client.AuthenticateAsync(server.User, server.Password ?? "", cancellationToken);
        }
    }

    /// <summary>A 5xx answer: sending the same message again cannot succeed.</summary>
    public static bool IsPermanent(Exception e) => e switch
    {
        // A refused login is not: the admin may fix the password before the last try.
        SmtpCommandException command => (int)command.StatusCode >= 500,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or MailKit.ProtocolException or System.Net.Sockets.SocketException)
            {
                // Closing a broken connection: nothing to save.
            }
        }
        _client.Dispose();
    }
}
