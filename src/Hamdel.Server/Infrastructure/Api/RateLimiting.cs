using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Hamdel.Server.Infrastructure.Api;

/// <summary>Settings under <c>Hamdel:RateLimits</c>, per client IP address and minute.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Hamdel:RateLimits";

    /// <summary>Password checks (UI sign-in and <c>POST /api/v1/auth/token</c>).</summary>
    [Range(1, 1_000_000)]
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Every request that carries no valid credentials.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousPerMinute { get; set; } = 300;

    /// <summary>Public forms that create data (contact forms, survey answers).</summary>
    [Range(1, 1_000_000)]
    public int PublicFormPerMinute { get; set; } = 20;
}

internal static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string PublicForm = "public-form";

    public static IServiceCollection AddHamdelRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();

        services.AddRateLimiter(o =>
        {
            // Signed-in people and integrations are accountable by name; anonymous callers are
            // limited per address.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.Identity?.IsAuthenticated == true
                    ? RateLimitPartition.GetNoLimiter("authenticated")
                    : PerAddress(context, "anonymous", limits.AnonymousPerMinute));
            o.AddPolicy(SignIn, context => PerAddress(context, SignIn, limits.SignInPerMinute));
            o.AddPolicy(PublicForm, context => PerAddress(context, PublicForm, limits.PublicFormPerMinute));
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = Strings.Get("Problem.TooManyRequests"),
                        Detail = Strings.Format("Error.RetryAfter", (int)Math.Ceiling(retryAfter.TotalSeconds)),
                    },
                });
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, string policy, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            policy + ":" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
