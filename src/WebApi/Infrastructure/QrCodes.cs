using QRCoder;

namespace Shop.WebApi.Infrastructure;

/// <summary>
/// A QR code of a text as an SVG document (QRCoder), for a page to show as
/// <c>&lt;img src="data:image/svg+xml;base64,…"&gt;</c> with no third-party origin. Presentation only: the use
/// case returns the <c>otpauth://</c> URI, and how a screen shows it is decided here.
/// </summary>
public static class QrCodes
{
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        // A viewBox rather than a fixed size: the page scales it; black on white, with the quiet zone scanners need.
        return new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
