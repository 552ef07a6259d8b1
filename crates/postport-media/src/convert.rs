//! Images made publishable: formats not every reader shows (WebP, AVIF, BMP, TIFF)
//! become PNG or JPEG, SVG loses scripts, handlers and remote references, anything else is refused.

use std::io::Cursor;

use image::{DynamicImage, ImageReader, Limits};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

use crate::MediaError;
use crate::avif::decode_avif;
use crate::format::{ImageFormat, sniff};

/// An image ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publishable {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Their format (one every reader shows).
    pub format: ImageFormat,
    /// What it was before conversion, if it was converted.
    pub converted_from: Option<ImageFormat>,
}

/// Makes image bytes publishable, whatever their name said.
pub fn publishable(bytes: Vec<u8>) -> Result<Publishable, MediaError> {
    let format = sniff(&bytes).ok_or(MediaError::NotAnImage)?;
    match format {
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif => {
            // A file with the right signature and a broken header (a truncated download)
            // is what epubcheck reports as a corrupted image (PKG-021): it reads the
            // header for the size, and so does this check.
            dimensions(&bytes)?;
            Ok(Publishable {
                bytes,
                format,
                converted_from: None,
            })
        }
        ImageFormat::Svg => Ok(Publishable {
            bytes: sanitize_svg(&bytes)?,
            format,
            converted_from: None,
        }),
        ImageFormat::Webp | ImageFormat::Avif | ImageFormat::Bmp | ImageFormat::Tiff => {
            let image = match format {
                ImageFormat::Avif => decode_avif(&bytes)?,
                _ => decode(&bytes)?,
            };
            let lossy = matches!(format, ImageFormat::Webp | ImageFormat::Avif);
            let (bytes, to) = encode(&image, lossy)?;
            Ok(Publishable {
                bytes,
                format: to,
                converted_from: Some(format),
            })
        }
    }
}

fn dimensions(bytes: &[u8]) -> Result<(u32, u32), MediaError> {
    let size = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| MediaError::Decode(e.to_string()))?
        .into_dimensions()
        .map_err(|e| MediaError::Decode(e.to_string()))?;
    if size.0 == 0 || size.1 == 0 {
        return Err(MediaError::Decode("the image has no pixels".into()));
    }
    Ok(size)
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, MediaError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| MediaError::Decode(e.to_string()))?;
    // A decompression bomb must not take the machine down.
    let mut limits = Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| MediaError::Decode(e.to_string()))
}

/// PNG when there is transparency or the source was lossless; JPEG for lossy photos
/// (WebP, AVIF).
fn encode(image: &DynamicImage, lossy_source: bool) -> Result<(Vec<u8>, ImageFormat), MediaError> {
    let mut out = Cursor::new(Vec::new());
    if lossy_source && !image.color().has_alpha() {
        let rgb = image.to_rgb8();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
        rgb.write_with_encoder(encoder)
            .map_err(|e| MediaError::Decode(e.to_string()))?;
        Ok((out.into_inner(), ImageFormat::Jpeg))
    } else {
        image
            .write_to(&mut out, image::ImageFormat::Png)
            .map_err(|e| MediaError::Decode(e.to_string()))?;
        Ok((out.into_inner(), ImageFormat::Png))
    }
}

/// Elements of SVG that run code or pull content from elsewhere.
const SVG_DROPPED: &[&str] = &[
    "script",
    "foreignObject",
    "iframe",
    "object",
    "embed",
    "audio",
    "video",
];

/// SVG without scripts, event handlers, `javascript:` links or references to anything
/// outside the file (which would make a book fetch remote resources).
pub fn sanitize_svg(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    let mut reader = Reader::from_reader(bytes);
    let mut writer = Writer::new(Vec::with_capacity(bytes.len()));
    let mut buf = Vec::new();
    let mut skip_depth = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| MediaError::Decode(format!("SVG: {e}")))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                if skip_depth > 0 || SVG_DROPPED.contains(&e.local_name().as_ref()) {
                    skip_depth += 1;
                } else {
                    writer
                        .write_event(Event::Start(clean_attributes(&e)))
                        .map_err(io_error)?;
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                } else {
                    writer.write_event(Event::End(e)).map_err(io_error)?;
                }
            }
            Event::Empty(e) => {
                if skip_depth == 0 && !SVG_DROPPED.contains(&e.local_name().as_ref()) {
                    writer
                        .write_event(Event::Empty(clean_attributes(&e)))
                        .map_err(io_error)?;
                }
            }
            Event::DocType(_) => {}
            other => {
                if skip_depth == 0 {
                    writer.write_event(other).map_err(io_error)?;
                }
            }
        }
        buf.clear();
    }
    Ok(writer.into_inner())
}

fn io_error(e: std::io::Error) -> MediaError {
    MediaError::Decode(e.to_string())
}

/// An element without `on*` handlers and without links that leave the file.
fn clean_attributes<'a>(e: &BytesStart<'a>) -> BytesStart<'static> {
    let qname = e.name();
    let name: &str = qname.as_ref();
    let mut clean = BytesStart::new(name.to_string());
    for attr in e.attributes().flatten() {
        let original: &str = attr.key.as_ref();
        let key = original.to_ascii_lowercase();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_default();
        if key.starts_with("on") {
            continue;
        }
        let is_link = key == "href" || key.ends_with(":href") || key == "src";
        if is_link && !value.trim_start().starts_with('#') {
            continue;
        }
        if key == "style" && value.to_ascii_lowercase().contains("url(") {
            continue;
        }
        clean.push_attribute((original, value.as_str()));
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_bytes() -> Vec<u8> {
        let image = DynamicImage::new_rgb8(4, 3);
        let mut out = Cursor::new(Vec::new());
        image
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("encodes");
        out.into_inner()
    }

    #[test]
    fn png_passes_bmp_becomes_png() {
        let png = png_bytes();
        assert_eq!(publishable(png.clone()).expect("ok").bytes, png);
        let mut bmp = Cursor::new(Vec::new());
        DynamicImage::new_rgb8(4, 3)
            .write_to(&mut bmp, image::ImageFormat::Bmp)
            .expect("bmp");
        let out = publishable(bmp.into_inner()).expect("converts");
        assert_eq!(out.format, ImageFormat::Png);
        assert_eq!(out.converted_from, Some(ImageFormat::Bmp));
        assert_eq!(sniff(&out.bytes), Some(ImageFormat::Png));
    }

    #[test]
    fn a_signature_without_a_header_is_refused() {
        // The PNG signature alone, and a JPEG cut after its first marker.
        assert!(publishable(b"\x89PNG\r\n\x1a\n".to_vec()).is_err());
        assert!(publishable(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00".to_vec()).is_err());
        assert!(publishable(b"GIF89a".to_vec()).is_err());
    }

    #[test]
    fn webp_becomes_jpeg_or_png() {
        let mut webp = Cursor::new(Vec::new());
        DynamicImage::new_rgb8(8, 8)
            .write_to(&mut webp, image::ImageFormat::WebP)
            .expect("webp");
        let out = publishable(webp.into_inner()).expect("converts");
        assert!(matches!(out.format, ImageFormat::Jpeg | ImageFormat::Png));
        assert_eq!(out.converted_from, Some(ImageFormat::Webp));
    }

    #[test]
    fn avif_becomes_jpeg_or_png_with_alpha() {
        let opaque = publishable(include_bytes!("../testdata/gradient-420.avif").to_vec())
            .expect("converts");
        assert_eq!(opaque.format, ImageFormat::Jpeg);
        assert_eq!(opaque.converted_from, Some(ImageFormat::Avif));
        assert_eq!(sniff(&opaque.bytes), Some(ImageFormat::Jpeg));
        let translucent =
            publishable(include_bytes!("../testdata/translucent.avif").to_vec()).expect("converts");
        assert_eq!(translucent.format, ImageFormat::Png);
    }

    #[test]
    fn not_an_image_is_refused() {
        assert!(matches!(
            publishable(b"<html>404</html>".to_vec()),
            Err(MediaError::NotAnImage)
        ));
        // Sniffed as AVIF, but not a decodable one.
        assert!(matches!(
            publishable(b"\0\0\0\x1cftypavif\0\0\0\0".to_vec()),
            Err(MediaError::Decode(_))
        ));
    }

    #[test]
    fn svg_loses_scripts_and_remote_references() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="x()"><script>alert(1)</script><a href="javascript:y()"><rect width="1" height="1" onclick="z()"/></a><image xlink:href="https://evil.example/a.png"/><use href="#r"/></svg>"##;
        let out = String::from_utf8(sanitize_svg(svg).expect("parses")).expect("utf-8");
        for bad in ["script", "onload", "onclick", "javascript", "evil.example"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains("href=\"#r\""), "{out}");
    }
}
