// The markdown-it types our rules use, in one place.
import type MarkdownIt from "markdown-it";
export type Md = ReturnType<typeof MarkdownIt>;
export type { StateBlock, StateCore, Token } from "markdown-it";
