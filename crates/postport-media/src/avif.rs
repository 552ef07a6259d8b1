//! AVIF decoding, so AVIF images can be converted to a format every reader shows.
//! A pure-Rust decoder (zenavif over rav1d): Debian's dav1d is too old for `image`'s.

use std::panic::{AssertUnwindSafe, catch_unwind};

use image::{DynamicImage, RgbImage, RgbaImage};
use zenavif::DecoderConfig;
use zenavif::Unstoppable;
use zenpixels_convert::PixelDescriptor;
use zenpixels_convert::ext::PixelBufferConvertExt;

use crate::MediaError;

/// The largest frame decoded, in pixels (the same bound as the other formats' 16,384²).
const FRAME_LIMIT: u32 = 16_384 * 16_384;

/// Decodes an AVIF image into 8-bit RGB, or RGBA when it has alpha.
pub fn decode_avif(bytes: &[u8]) -> Result<DynamicImage, MediaError> {
    // One thread: images are already decoded in parallel, one per post.
    let config = DecoderConfig::new()
        .threads(1)
        .frame_size_limit(FRAME_LIMIT);
    // The decoder is young; a panic on a hostile file must stay one image's failure.
    let decoded = catch_unwind(AssertUnwindSafe(|| {
        zenavif::decode_with(bytes, &config, &Unstoppable)
    }))
    .map_err(|_| MediaError::Decode("AVIF: the decoder failed".into()))?
    .map_err(|e| MediaError::Decode(format!("AVIF: {e}")))?;
    let alpha = decoded.descriptor().has_alpha();
    let target = if alpha {
        PixelDescriptor::RGBA8_SRGB
    } else {
        PixelDescriptor::RGB8_SRGB
    };
    let (width, height) = (decoded.width(), decoded.height());
    let pixels = catch_unwind(AssertUnwindSafe(|| decoded.convert_to(target)))
        .map_err(|_| MediaError::Decode("AVIF: colour conversion failed".into()))?
        .map_err(|e| MediaError::Decode(format!("AVIF: {e}")))?
        .copy_to_contiguous_bytes();
    let image = if alpha {
        RgbaImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgba8)
    } else {
        RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
    };
    image.ok_or_else(|| MediaError::Decode("AVIF: unexpected pixel layout".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_opaque_and_translucent_images() {
        let opaque = decode_avif(include_bytes!("../testdata/gradient-420.avif")).expect("decodes");
        assert_eq!((opaque.width(), opaque.height()), (16, 12));
        assert!(!opaque.color().has_alpha());
        // The source is a gradient: the decoded pixels differ, not one flat colour.
        let rgb = opaque.to_rgb8();
        assert_ne!(rgb.get_pixel(0, 0), rgb.get_pixel(15, 11));

        let translucent =
            decode_avif(include_bytes!("../testdata/translucent.avif")).expect("decodes");
        assert_eq!((translucent.width(), translucent.height()), (20, 10));
        assert!(translucent.color().has_alpha());
    }

    #[test]
    fn truncated_or_garbage_input_is_an_error() {
        let bytes = include_bytes!("../testdata/gradient-420.avif");
        for cut in [12, 40, bytes.len() / 2, bytes.len() - 5] {
            assert!(decode_avif(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut garbage = bytes.to_vec();
        for b in garbage.iter_mut().skip(200) {
            *b ^= 0x5a;
        }
        // Corrupt image data may decode to noise or fail, but never panics.
        let _ = decode_avif(&garbage);
    }
}
