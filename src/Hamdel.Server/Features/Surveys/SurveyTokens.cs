using System.Buffers.Binary;
using System.Security.Cryptography;
using Hamdel.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.DataProtection;

namespace Hamdel.Server.Features.Surveys;

public enum TokenState
{
    Valid,
    /// <summary>Signed by Hamdel but past its expiry.</summary>
    Expired,
    /// <summary>Not a token Hamdel signed: altered, truncated or made up.</summary>
    Invalid,
}

/// <summary>
/// Invitation tokens: the invitation's id and expiry, encrypted and authenticated with ASP.NET
/// Data Protection (keys shared by every instance through the database, rotated by it), URL-safe.
/// A token cannot be forged or altered, and says nothing readable about whom it was sent to.
/// See docs/adr/0008.
/// </summary>
internal sealed class SurveyTokens(IDataProtectionProvider protection, TimeProvider time)
{
    private IDataProtector Protector => protection.CreateProtector("Hamdel.Surveys.Invitation.v1");

    public string Create(Guid invitationId, DateTimeOffset expiresAt)
    {
        Span<byte> payload = stackalloc byte[24];
        invitationId.TryWriteBytes(payload[..16], bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(payload[16..], expiresAt.UtcTicks);
        return Secrets.Base64Url(Protector.Protect(payload.ToArray()));
    }

    public (TokenState State, Guid InvitationId) Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return (TokenState.Invalid, Guid.Empty);
        }
        byte[] payload;
        try
        {
            payload = Protector.Unprotect(FromBase64Url(token));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return (TokenState.Invalid, Guid.Empty);
        }
        if (payload.Length != 24)
        {
            return (TokenState.Invalid, Guid.Empty);
        }
        var id = new Guid(payload.AsSpan(0, 16), bigEndian: true);
        var expires = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16));
        return (time.GetUtcNow().UtcTicks > expires ? TokenState.Expired : TokenState.Valid, id);
    }

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
