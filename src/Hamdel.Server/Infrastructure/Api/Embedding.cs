namespace Hamdel.Server.Infrastructure.Api;

/// <summary>
/// Pages that companies embed in their own sites in an <c>&lt;iframe&gt;</c> (a survey's always-open
/// public link, <c>/p/{key}</c>) may be framed by any site. Everything else keeps the defaults that
/// forbid framing by other sites (antiforgery's <c>X-Frame-Options: SAMEORIGIN</c> and Blazor's
/// <c>frame-ancestors 'self'</c>), which protect signed-in pages from click-jacking.
/// </summary>
internal static class Embedding
{
    public static bool IsEmbeddable(PathString path) => path.StartsWithSegments("/p", StringComparison.Ordinal);

    public static IApplicationBuilder UseEmbeddablePages(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (IsEmbeddable(context.Request.Path))
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.XFrameOptions = default;
                context.Response.Headers.ContentSecurityPolicy = default;
                return Task.CompletedTask;
            });
        }
        return next(context);
    });
}
