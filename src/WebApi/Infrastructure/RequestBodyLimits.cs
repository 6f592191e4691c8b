using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// Caps request bodies: 16 KiB on the auth routes, 1 MiB elsewhere; anything larger is 413 problem
/// details. A declared <c>Content-Length</c> over the cap is refused before the body is read; a chunked
/// body is cut off when it passes the cap. Kestrel's own limit is set too; this middleware makes the
/// same rule hold on any server.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public const long AuthLimit = 16 * 1024;
    public const long DefaultLimit = 1024 * 1024;

    public static long LimitFor(PathString path) => RateLimiting.IsAuthPath(path) ? AuthLimit : DefaultLimit;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = LimitFor(context.Request.Path);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        // A request that cannot have a body (no Content-Length and not chunked, as most GETs) has nothing to count.
        if (context.Request.ContentLength is null or > 0
            && context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false })
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        }

        await next(context);
    }

    private static ValueTask WriteTooLargeAsync(HttpContext context, long limit) =>
        Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"The request body may be at most {limit} bytes."));

    /// <summary>Reads through to the request body and fails with 413 once more than the limit has come.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new Microsoft.AspNetCore.Http.BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            return read;
        }
    }
}

public static class RequestBodyLimits
{
    /// <summary>Kestrel's own cap (the larger one; the middleware lowers it per route).</summary>
    public static IServiceCollection AddRequestBodyLimits(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = RequestBodyLimitMiddleware.DefaultLimit);

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestBodyLimitMiddleware>();
}
