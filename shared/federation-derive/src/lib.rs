//! `#[derive(FromAnswer)]` and `#[derive(ToJson)]`: the readers and writers that
//! move the contract's types in and out of the browser's JSON values
//! (`federation::answer`) without serde's visitors in the wasm. They follow the
//! type's serde shape, so the server (serde) and the browser (these) agree:
//!
//! - a struct with named fields is an object, one key per field;
//! - a struct with one unnamed field (a newtype), or `#[serde(transparent)]`, is its field;
//! - an enum whose variants carry nothing is a string, the variant's name.
//!
//! The serde attributes they follow, each where serde gives it meaning: on the
//! type, `rename_all = "snake_case"` or `"lowercase"` (which, as in serde,
//! renames an enum's variants and leaves a struct's fields as they are),
//! `transparent` and `rename`; on a field, `rename`, `default` (bare) and
//! `skip_serializing_if`; on a variant, `rename`. Any other serde attribute, or
//! one of these elsewhere, is a compile error here, so a shape these would get
//! wrong does not build.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Error, Fields, Ident, LitStr};

/// Implements `federation::answer::FromAnswer` from the type's serde shape.
#[proc_macro_derive(FromAnswer, attributes(serde))]
pub fn derive_from_answer(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, Direction::Read).unwrap_or_else(Error::into_compile_error).into()
}

/// Implements `federation::answer::ToJson` from the type's serde shape.
#[proc_macro_derive(ToJson, attributes(serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, Direction::Write).unwrap_or_else(Error::into_compile_error).into()
}

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    Read,
    Write,
}

/// Where serde attributes stand: each place allows its own.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Type,
    Field,
    Variant,
}

/// The serde attributes of one type, field or variant that change its shape.
#[derive(Default)]
struct Serde {
    rename: Option<String>,
    rename_all: Option<String>,
    default: bool,
    skip_serializing_if: Option<syn::ExprPath>,
    transparent: bool,
}

impl Serde {
    fn of(attrs: &[Attribute], place: Place) -> syn::Result<Self> {
        let mut serde = Self::default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                let is = |name: &str, allowed: &[Place]| meta.path.is_ident(name) && allowed.contains(&place);
                if is("rename", &[Place::Type, Place::Field, Place::Variant]) {
                    serde.rename = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if is("rename_all", &[Place::Type]) {
                    let rule = meta.value()?.parse::<LitStr>()?;
                    if !matches!(rule.value().as_str(), "snake_case" | "lowercase") {
                        return Err(Error::new(
                            rule.span(),
                            "FromAnswer/ToJson follow rename_all = \"snake_case\" or \"lowercase\" only",
                        ));
                    }
                    serde.rename_all = Some(rule.value());
                } else if is("default", &[Place::Field]) {
                    if meta.input.peek(syn::Token![=]) {
                        return Err(meta.error(
                            "FromAnswer/ToJson follow a bare #[serde(default)] only (the field type's Default)",
                        ));
                    }
                    serde.default = true;
                } else if is("skip_serializing_if", &[Place::Field]) {
                    serde.skip_serializing_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                } else if is("transparent", &[Place::Type]) {
                    serde.transparent = true;
                } else {
                    return Err(meta.error(
                        "FromAnswer/ToJson do not follow this serde attribute: read and write this type by hand",
                    ));
                }
                Ok(())
            })?;
        }
        Ok(serde)
    }
}

/// A variant's name in snake_case, as serde writes it (`MedicalSurgical` →
/// `medical_surgical`).
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.char_indices() {
        if i > 0 && c.is_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The name on the wire of a field or variant called `ident`: its own `rename`,
/// else (variants only: serde leaves fields alone under these rules) the type's
/// `rename_all` rule.
fn wire_name(ident: &Ident, own: &Serde, rule: Option<&str>, place: Place) -> String {
    let name = ident.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    match (&own.rename, rule, place) {
        (Some(rename), _, _) => rename.clone(),
        (None, Some("snake_case"), Place::Variant) => snake_case(name),
        (None, Some("lowercase"), Place::Variant) => name.to_ascii_lowercase(),
        _ => name.to_owned(),
    }
}

fn expand(input: &DeriveInput, direction: Direction) -> syn::Result<Tokens> {
    let outer = Serde::of(&input.attrs, Place::Type)?;
    let one_field = matches!(&input.data, Data::Struct(data) if data.fields.len() == 1);
    if outer.transparent && !one_field {
        return Err(Error::new(Span::call_site(), "#[serde(transparent)] needs a struct with exactly one field"));
    }
    let name = &input.ident;
    // Each type parameter is read (written) the same way: `T: FromAnswer` (`T: ToJson`).
    let mut generics = input.generics.clone();
    let bound: syn::TypeParamBound = match direction {
        Direction::Read => syn::parse_quote!(::federation::answer::FromAnswer),
        Direction::Write => syn::parse_quote!(::federation::answer::ToJson),
    };
    for parameter in generics.type_params_mut() {
        parameter.bounds.push(bound.clone());
    }
    let (impl_generics, type_generics, where_clause) = generics.split_for_impl();
    let rule = outer.rename_all.as_deref();
    let body = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) if outer.transparent && fields.named.len() == 1 => {
                let ident = fields.named[0].ident.as_ref().expect("named fields have names");
                match direction {
                    Direction::Read => {
                        quote! { ::core::result::Result::Ok(Self { #ident: ::federation::answer::FromAnswer::from_answer(value)? }) }
                    }
                    Direction::Write => quote! { ::federation::answer::ToJson::to_json(&self.#ident) },
                }
            }
            Fields::Named(fields) => named_struct(fields, rule, direction)?,
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => match direction {
                Direction::Read => {
                    quote! { ::core::result::Result::Ok(Self(::federation::answer::FromAnswer::from_answer(value)?)) }
                }
                Direction::Write => quote! { ::federation::answer::ToJson::to_json(&self.0) },
            },
            _ => {
                return Err(Error::new(
                    Span::call_site(),
                    "FromAnswer/ToJson read structs with named fields or one unnamed field",
                ))
            }
        },
        Data::Enum(data) => {
            let mut variants = Vec::new();
            for variant in &data.variants {
                if !matches!(variant.fields, Fields::Unit) {
                    return Err(Error::new_spanned(
                        variant,
                        "FromAnswer/ToJson read enums whose variants carry nothing",
                    ));
                }
                let own = Serde::of(&variant.attrs, Place::Variant)?;
                variants.push((&variant.ident, wire_name(&variant.ident, &own, rule, Place::Variant)));
            }
            unit_enum(&variants, direction)?
        }
        Data::Union(_) => return Err(Error::new(Span::call_site(), "FromAnswer/ToJson do not read unions")),
    };
    Ok(match direction {
        Direction::Read => quote! {
            impl #impl_generics ::federation::answer::FromAnswer for #name #type_generics #where_clause {
                fn from_answer(value: &::federation::answer::JsValue) -> ::core::result::Result<Self, ::federation::answer::Misread> {
                    #body
                }
            }
        },
        Direction::Write => quote! {
            impl #impl_generics ::federation::answer::ToJson for #name #type_generics #where_clause {
                fn to_json(&self) -> ::federation::answer::JsValue {
                    #body
                }
            }
        },
    })
}

fn named_struct(fields: &syn::FieldsNamed, rule: Option<&str>, direction: Direction) -> syn::Result<Tokens> {
    let mut steps = Vec::new();
    for field in &fields.named {
        let ident = field.ident.as_ref().expect("named fields have names");
        let own = Serde::of(&field.attrs, Place::Field)?;
        let key = wire_name(ident, &own, rule, Place::Field);
        steps.push(match direction {
            Direction::Read if own.default => quote! { #ident: fields.read_or_default(#key)? },
            Direction::Read => quote! { #ident: fields.read(#key)? },
            Direction::Write => {
                let set = quote! { ::federation::answer::set(&object, #key, ::federation::answer::ToJson::to_json(&self.#ident)); };
                match own.skip_serializing_if {
                    Some(skip) => quote! { if !#skip(&self.#ident) { #set } },
                    None => set,
                }
            }
        });
    }
    Ok(match direction {
        Direction::Read => quote! {
            let fields = ::federation::answer::Fields::of(value)?;
            ::core::result::Result::Ok(Self { #(#steps,)* })
        },
        Direction::Write => quote! {
            let object = ::federation::answer::object();
            #(#steps)*
            object.into()
        },
    })
}

fn unit_enum(variants: &[(&Ident, String)], direction: Direction) -> syn::Result<Tokens> {
    let Some(((last, _), rest)) = variants.split_last() else {
        return Err(Error::new(Span::call_site(), "FromAnswer/ToJson need an enum with variants"));
    };
    let names = variants.iter().map(|(_, wire)| wire);
    Ok(match direction {
        Direction::Read => {
            // The index `variant` returns is one of the names', so the last arm is the last variant.
            let arms = rest.iter().enumerate().map(|(i, (ident, _))| quote! { #i => Self::#ident, });
            quote! {
                ::core::result::Result::Ok(match ::federation::answer::variant(value, &[#(#names),*])? {
                    #(#arms)*
                    _ => Self::#last,
                })
            }
        }
        Direction::Write => {
            let idents = variants.iter().map(|(ident, _)| ident);
            quote! { ::federation::answer::JsValue::from_str(match self { #(Self::#idents => #names,)* }) }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_named_like_serde_names_them() {
        assert_eq!(snake_case("MedicalSurgical"), "medical_surgical");
        assert_eq!(snake_case("Light"), "light");
        let ident = Ident::new("MaternalChild", Span::call_site());
        let none = Serde::default();
        assert_eq!(wire_name(&ident, &none, Some("snake_case"), Place::Variant), "maternal_child");
        assert_eq!(wire_name(&ident, &none, Some("lowercase"), Place::Variant), "maternalchild");
        assert_eq!(wire_name(&ident, &none, None, Place::Variant), "MaternalChild");
        let renamed = Serde { rename: Some("mc".into()), ..Serde::default() };
        assert_eq!(wire_name(&ident, &renamed, Some("snake_case"), Place::Variant), "mc");
        // As serde: these rules leave a struct's field names as they are.
        let field = Ident::new("userId", Span::call_site());
        assert_eq!(wire_name(&field, &none, Some("snake_case"), Place::Field), "userId");
    }

    #[test]
    fn an_attribute_that_changes_the_shape_otherwise_is_refused() {
        let input: DeriveInput = syn::parse_quote! {
            #[serde(tag = "kind")]
            enum Shape { Circle }
        };
        let error = expand(&input, Direction::Read).expect_err("refused");
        assert!(error.to_string().contains("do not follow this serde attribute"), "{error}");
        // An attribute where serde gives it no meaning for these, or another form of it.
        let inputs: [DeriveInput; 4] = [
            syn::parse_quote! { #[serde(default)] struct Counts { a: u32 } },
            syn::parse_quote! { struct Counts { #[serde(default = "seven")] a: u32 } },
            syn::parse_quote! { struct Counts { #[serde(transparent)] a: u32 } },
            syn::parse_quote! { #[serde(transparent)] struct Pair { a: u32, b: u32 } },
        ];
        for input in inputs {
            assert!(expand(&input, Direction::Read).is_err(), "{}", quote!(#input));
        }
    }

    #[test]
    fn a_type_parameter_is_read_and_written_like_the_type() {
        let input: DeriveInput = syn::parse_quote! { struct Page<T> { items: Vec<T> } };
        let code = expand(&input, Direction::Read).unwrap().to_string();
        assert!(code.contains("impl < T : :: federation :: answer :: FromAnswer >"), "{code}");
        let code = expand(&input, Direction::Write).unwrap().to_string();
        assert!(code.contains("impl < T : :: federation :: answer :: ToJson >"), "{code}");
    }

    #[test]
    fn a_struct_reads_every_field_by_its_wire_name() {
        let input: DeriveInput = syn::parse_quote! {
            struct Question { id: u64, #[serde(default)] chosen: Option<u32>, #[serde(rename = "text")] stem: String }
        };
        let code = expand(&input, Direction::Read).unwrap().to_string();
        assert!(code.contains("fields . read (\"id\")"), "{code}");
        assert!(code.contains("fields . read_or_default (\"chosen\")"), "{code}");
        assert!(code.contains("fields . read (\"text\")"), "{code}");
        let code = expand(&input, Direction::Write).unwrap().to_string();
        assert!(code.contains("\"text\""), "{code}");
    }
}
