// A small, strict XML reader for the bank's data-only reply files: elements, attributes, text,
// namespaces. It refuses document type declarations, so no entity can expand or reach outside.

export type XmlElement = {
  readonly localName: string;
  /** The namespace URI the element's prefix (or the default namespace) resolves to. */
  readonly namespace: string | null;
  /** Attributes by their name as written, namespace declarations included. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The character data directly inside the element, entities decoded. */
  readonly text: string;
  readonly line: number;
};

export class XmlSyntaxError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`${message} (rad ${line})`);
    this.name = 'XmlSyntaxError';
    this.line = line;
  }
}

type OpenElement = {
  readonly qualifiedName: string;
  readonly localName: string;
  readonly namespace: string | null;
  readonly attributes: Map<string, string>;
  readonly children: XmlElement[];
  readonly scope: ReadonlyMap<string, string>;
  readonly line: number;
  text: string;
};

const NAME_START = 'A-Za-z_\\u00C0-\\u02FF\\u0370-\\u1FFF\\u200C-\\u200D\\u2070-\\uFFFD';
const NAME = new RegExp(
  `[${NAME_START}][${NAME_START}0-9.\\-\\u00B7]*(?::[${NAME_START}][${NAME_START}0-9.\\-\\u00B7]*)?`,
  'y',
);
const WHITESPACE = /[ \t\r\n]*/y;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));|&/g;
const PREDEFINED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const MAX_DEPTH = 64;

/** Reads one XML document into its element tree; throws XmlSyntaxError on anything malformed. */
export function readXml(source: string): XmlElement {
  return new Reader(source.startsWith('\uFEFF') ? source.slice(1) : source).document();
}

class Reader {
  readonly #source: string;
  #position = 0;
  #lineNumber = 1;
  #lineCountedTo = 0;

  constructor(source: string) {
    this.#source = source;
  }

  document(): XmlElement {
    this.#miscellany();
    if (!this.#startsWith('<')) this.#fail('Dokumentet har inget rotelement');
    const root = this.#element();
    this.#miscellany();
    if (this.#position < this.#source.length) this.#fail('Text efter rotelementet');
    return root;
  }

  // Comments, processing instructions (the XML declaration among them) and white space.
  #miscellany(): void {
    for (;;) {
      this.#skipWhitespace();
      if (this.#startsWith('<?')) this.#skipPast('?>', 'Processinstruktionen avslutas inte');
      else if (this.#startsWith('<!--')) this.#skipPast('-->', 'Kommentaren avslutas inte');
      else if (this.#startsWith('<!'))
        this.#fail('Dokumenttypdeklarationer (DOCTYPE) tillåts inte');
      else return;
    }
  }

  #element(): XmlElement {
    const stack: OpenElement[] = [];
    let root: XmlElement | null = null;
    // A finished element joins its parent; the one without a parent is the root.
    const close = (open: OpenElement): XmlElement | null => {
      const done: XmlElement = {
        localName: open.localName,
        namespace: open.namespace,
        attributes: open.attributes,
        children: open.children,
        text: open.text,
        line: open.line,
      };
      const parent = stack.at(-1);
      if (parent === undefined) return done;
      parent.children.push(done);
      return null;
    };

    do {
      const parent = stack.at(-1);
      if (parent === undefined || this.#startsWithTag()) {
        const open = this.#startTag(parent?.scope ?? new Map([['xml', XML_NAMESPACE]]));
        if (open.selfClosing) {
          root = close(open.element);
        } else {
          if (stack.length >= MAX_DEPTH) {
            this.#fail(`Elementen är nästlade djupare än ${MAX_DEPTH} nivåer`);
          }
          stack.push(open.element);
        }
      } else if (this.#startsWith('</')) {
        const line = this.#line();
        this.#position += 2;
        const name = this.#name();
        this.#skipWhitespace();
        this.#expect('>');
        if (name !== parent.qualifiedName) {
          throw new XmlSyntaxError(
            `Sluttaggen </${name}> hör inte till <${parent.qualifiedName}>`,
            line,
          );
        }
        stack.pop();
        root = close(parent);
      } else if (this.#startsWith('<!--')) {
        this.#skipPast('-->', 'Kommentaren avslutas inte');
      } else if (this.#startsWith('<![CDATA[')) {
        const start = this.#position + 9;
        const end = this.#source.indexOf(']]>', start);
        if (end < 0) this.#fail('CDATA-avsnittet avslutas inte');
        parent.text += this.#source.slice(start, end);
        this.#position = end + 3;
      } else if (this.#startsWith('<?')) {
        this.#skipPast('?>', 'Processinstruktionen avslutas inte');
      } else if (this.#startsWith('<!')) {
        this.#fail('Okänd deklaration inuti ett element');
      } else {
        const end = this.#source.indexOf('<', this.#position);
        if (end < 0) this.#fail(`Elementet <${parent.qualifiedName}> avslutas inte`);
        parent.text += this.#decode(this.#source.slice(this.#position, end));
        this.#position = end;
      }
    } while (stack.length > 0);

    if (root === null) this.#fail('Dokumentet har inget rotelement');
    return root;
  }

  #startTag(parentScope: ReadonlyMap<string, string>): {
    element: OpenElement;
    selfClosing: boolean;
  } {
    const line = this.#line();
    this.#expect('<');
    const qualifiedName = this.#name();
    const attributes = new Map<string, string>();
    for (;;) {
      const hadSpace = this.#skipWhitespace();
      if (this.#startsWith('/>') || this.#startsWith('>')) break;
      if (!hadSpace) this.#fail(`Attributen i <${qualifiedName}> ska skiljas åt med mellanslag`);
      const name = this.#name();
      this.#skipWhitespace();
      this.#expect('=');
      this.#skipWhitespace();
      const quote = this.#source[this.#position];
      if (quote !== '"' && quote !== "'")
        this.#fail(`Värdet på attributet ${name} saknar citattecken`);
      const end = this.#source.indexOf(quote, this.#position + 1);
      if (end < 0) this.#fail(`Värdet på attributet ${name} avslutas inte`);
      const raw = this.#source.slice(this.#position + 1, end);
      if (raw.includes('<')) this.#fail(`Värdet på attributet ${name} innehåller <`);
      if (attributes.has(name))
        this.#fail(`Attributet ${name} förekommer två gånger i <${qualifiedName}>`);
      attributes.set(name, this.#decode(raw));
      this.#position = end + 1;
    }
    const selfClosing = this.#startsWith('/>');
    this.#position += selfClosing ? 2 : 1;

    let scope = parentScope;
    for (const [name, value] of attributes) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope);
        (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), value);
      }
    }
    const colon = qualifiedName.indexOf(':');
    const prefix = colon < 0 ? '' : qualifiedName.slice(0, colon);
    const namespace = scope.get(prefix);
    if (prefix !== '' && namespace === undefined) {
      throw new XmlSyntaxError(`Prefixet ${prefix} i <${qualifiedName}> är inte deklarerat`, line);
    }
    const element: OpenElement = {
      qualifiedName,
      localName: colon < 0 ? qualifiedName : qualifiedName.slice(colon + 1),
      namespace: namespace === undefined || namespace === '' ? null : namespace,
      attributes,
      children: [],
      scope,
      line,
      text: '',
    };
    return { element, selfClosing };
  }

  #name(): string {
    NAME.lastIndex = this.#position;
    const match = NAME.exec(this.#source);
    if (!match) this.#fail('Ett namn förväntades');
    this.#position = NAME.lastIndex;
    return match[0];
  }

  #decode(raw: string): string {
    return raw.replace(ENTITY, (whole: string, named?: string, decimal?: string, hex?: string) => {
      if (whole === '&') this.#fail('Tecknet & ska skrivas &amp; i XML');
      if (named !== undefined) return PREDEFINED[named] ?? whole;
      const codePoint =
        decimal !== undefined ? Number(decimal) : hex !== undefined ? parseInt(hex, 16) : -1;
      if (codePoint < 1 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
        this.#fail(`Ogiltig teckenreferens ${whole}`);
      }
      return String.fromCodePoint(codePoint);
    });
  }

  #skipWhitespace(): boolean {
    WHITESPACE.lastIndex = this.#position;
    WHITESPACE.exec(this.#source);
    const skipped = WHITESPACE.lastIndex > this.#position;
    this.#position = WHITESPACE.lastIndex;
    return skipped;
  }

  #skipPast(terminator: string, message: string): void {
    const end = this.#source.indexOf(terminator, this.#position + 2);
    if (end < 0) this.#fail(message);
    this.#position = end + terminator.length;
  }

  // An element's start tag, as opposed to an end tag, comment, CDATA or processing instruction.
  #startsWithTag(): boolean {
    return (
      this.#startsWith('<') &&
      !/^<[/!?]/.test(this.#source.slice(this.#position, this.#position + 2))
    );
  }

  #startsWith(text: string): boolean {
    return this.#source.startsWith(text, this.#position);
  }

  #expect(text: string): void {
    if (!this.#startsWith(text)) this.#fail(`"${text}" förväntades`);
    this.#position += text.length;
  }

  // The line of the current position. Positions only move forward, so lines are counted once.
  #line(): number {
    let index = this.#source.indexOf('\n', this.#lineCountedTo);
    while (index >= 0 && index < this.#position) {
      this.#lineNumber += 1;
      index = this.#source.indexOf('\n', index + 1);
    }
    this.#lineCountedTo = Math.max(this.#lineCountedTo, this.#position);
    return this.#lineNumber;
  }

  #fail(message: string): never {
    throw new XmlSyntaxError(message, this.#line());
  }
}
