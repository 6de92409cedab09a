using System.Security.Cryptography;
using System.Text;

namespace Hamdel.Server.Infrastructure.Auth;

/// <summary>Random secrets for tokens and links, and the hashes under which they are stored.</summary>
internal static class Secrets
{
    /// <summary>A URL-safe random secret with 256 bits of entropy and a readable prefix.</summary>
    public static string Create(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// SHA-256, hex. A salt is not needed: the secrets are random and long, so the hash cannot be
    /// reversed by guessing, and an unsalted hash can be looked up by index.
    /// </summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A password that satisfies the Identity password rules, for generated first passwords.</summary>
    public static string Password()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 20);
        // Guarantee one of each class Identity asks for, at fixed places; the rest stays random.
        chars[3] = 'K'; chars[8] = 'q'; chars[13] = '7';
        return new string(chars) + "!";
    }
}
