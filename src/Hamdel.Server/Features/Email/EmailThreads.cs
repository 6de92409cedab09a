using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Email;

/// <summary>
/// Which conversation an e-mail belongs to: the one holding a message it answers (In-Reply-To,
/// References), else the one whose token is in its subject or a recipient's address
/// (<c>[#1042-3fa9c1]</c>, <c>support+1042-3fa9c1@…</c>), never by subject alone.
/// </summary>
internal static partial class EmailThreads
{
    /// <summary>The conversation's token: its number and a check code derived from its id, so numbers cannot be guessed into another thread.</summary>
    public static string Token(Conversation conversation) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversation.Number}-{Code(conversation.Id)}");

    /// <summary>The subject of a reply: the conversation's subject with "Re:" and the token, once each.</summary>
    public static string ReplySubject(Conversation conversation)
    {
        var subject = TokenPattern().Replace(conversation.Subject ?? "", "").Trim();
        if (!subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase))
        {
            subject = subject.Length == 0 ? "Re:" : "Re: " + subject;
        }
        return $"{subject} [#{Token(conversation)}]";
    }

    public static async Task<Guid?> FindAsync(HamdelDbContext db, Guid workspaceId, ParsedEmail email, CancellationToken cancellationToken)
    {
        if (email.References.Count > 0)
        {
            var ids = email.References.ToList();
            var found = await db.EmailMessages.AsNoTracking()
                .Where(e => e.WorkspaceId == workspaceId && ids.Contains(e.InternetMessageId!))
                .Join(db.Messages, e => e.MessageId, m => m.Id, (e, m) => new { m.ConversationId, m.CreatedAt })
                .OrderByDescending(x => x.CreatedAt)
                .Select(x => (Guid?)x.ConversationId)
                .FirstOrDefaultAsync(cancellationToken);
            if (found is not null)
            {
                return found;
            }
        }
        foreach (var candidate in Tokens(email))
        {
            var (number, code) = candidate;
            var conversation = await db.Conversations.AsNoTracking()
                .Where(c => c.WorkspaceId == workspaceId && c.Number == number)
                .Select(c => new { c.Id })
                .SingleOrDefaultAsync(cancellationToken);
            if (conversation is not null && Code(conversation.Id) == code)
            {
                return conversation.Id;
            }
        }
        return null;
    }

    private static IEnumerable<(long Number, string Code)> Tokens(ParsedEmail email)
    {
        foreach (Match match in TokenPattern().Matches(email.Subject ?? ""))
        {
            yield return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value);
        }
        foreach (var address in email.To.Concat(email.Cc))
        {
            if (AddressPattern().Match(address) is { Success: true } match)
            {
                yield return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value);
            }
        }
    }

    private static string Code(Guid conversationId) => Convert.ToHexStringLower(SHA256.HashData(conversationId.ToByteArray()))[..6];

    [GeneratedRegex(@"\[#(\d{1,15})-([0-9a-f]{6})\]")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\+(\d{1,15})-([0-9a-f]{6})@")]
    private static partial Regex AddressPattern();
}
